/** The registered and product claims every token this server issues carries. */
export interface TokenClaims {
  jti: string;
  sub: string;
  iat: number;
  exp: number;
  nbf?: number;
  iss: string;
  aud: string | string[];
  token_use: 'access' | 'api';
  refreshable: boolean;
  revocable: boolean;
  fam?: string;
  /** Credential epoch at issue; absent only in tokens signed before epochs existed. */
  cep?: number;
  [claim: string]: unknown;
}
