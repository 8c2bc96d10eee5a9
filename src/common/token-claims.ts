/** What a token is for: `access` for session access tokens, `api` for registry (API) tokens. */
export const TOKEN_USES = ['access', 'api'] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

/** The registered and product claims every token this server issues carries. */
export interface TokenClaims {
  jti: string;
  sub: string;
  iat: number;
  exp: number;
  nbf?: number;
  iss: string;
  aud: string | string[];
  token_use: TokenUse;
  refreshable: boolean;
  revocable: boolean;
  fam?: string;
  /** Credential epoch at issue; absent only in tokens signed before epochs existed. */
  cep?: number;
  [claim: string]: unknown;
}
