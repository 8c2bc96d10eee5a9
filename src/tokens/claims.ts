import { isDeeperThan, MAX_CLAIMS_DEPTH } from '../common/json-depth';
import type { TokenClaims } from '../common/token-claims';

/** Claims the server sets itself; additional claims can never override them. */
export const RESERVED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'token_use',
  'refreshable',
  'revocable',
  'fam',
  'cep',
  'client_id',
  'typ',
  'kid',
  'alg',
] as const;

/** What is wrong with a set of additional claims: not an object, nested too deeply, reserved names, or too large. */
export function additionalClaimsErrors(claims: unknown, maxBytes: number): string[] {
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims))
    return ['additional_claims must be a JSON object'];
  // Checked first: the size below is measured with JSON.stringify, which recurses.
  if (isDeeperThan(claims, MAX_CLAIMS_DEPTH))
    return [`additional_claims nests objects or arrays more than ${MAX_CLAIMS_DEPTH} levels deep`];
  const errors: string[] = [];
  const reserved = Object.keys(claims).filter((key) => (RESERVED_CLAIMS as readonly string[]).includes(key));
  if (reserved.length) errors.push(`additional_claims must not set reserved claims: ${reserved.join(', ')}`);
  const size = Buffer.byteLength(JSON.stringify(claims), 'utf8');
  if (size > maxBytes) errors.push(`additional_claims is ${size} bytes as JSON; the limit is ${maxBytes}`);
  return errors;
}

export interface ClaimInput {
  jti: string;
  sub: string;
  issuedAt: number;
  expiresAt: number;
  issuer: string;
  audience: string;
  tokenUse: TokenClaims['token_use'];
  refreshable: boolean;
  revocable: boolean;
  /** The account's credential epoch when the token is signed (users/credentials). */
  credentialEpoch: number;
  family?: string;
  /** RFC 9068 §2.2: required in access tokens (typ at+jwt), naming the client they were issued to. */
  clientId?: string;
  additional?: Record<string, unknown>;
}

/** The complete claim set of an issued token; reserved claims are written last so nothing overrides them. */
export function buildClaims(input: ClaimInput): TokenClaims {
  const claims: TokenClaims = {
    ...additionalClaimsOf(input.additional ?? {}),
    jti: input.jti,
    sub: input.sub,
    iat: input.issuedAt,
    exp: input.expiresAt,
    iss: input.issuer,
    aud: input.audience,
    token_use: input.tokenUse,
    refreshable: input.refreshable,
    revocable: input.revocable,
    cep: input.credentialEpoch,
  };
  if (input.family) claims.fam = input.family;
  if (input.clientId) claims.client_id = input.clientId;
  return claims;
}

/** The additional claims of a stored claim set (what a refresh carries over). */
export function additionalClaimsOf(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(claims).filter(([key]) => !(RESERVED_CLAIMS as readonly string[]).includes(key)),
  );
}
