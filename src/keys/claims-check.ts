import { isDeeperThan, MAX_CLAIMS_DEPTH } from '../common/json-depth';

export interface ClaimExpectations {
  nowSeconds: number;
  toleranceSeconds: number;
  issuer: string;
  audience: string;
}

export type ClaimFailure = { code: 'invalid_token' | 'token_expired' | 'token_not_yet_valid'; detail: string };

/**
 * Checks a signature-verified payload against the contract: shape, issuer, audience and time
 * (exp in the future, nbf and iat not in the future, each with the configured leeway).
 */
export function checkClaims(payload: Record<string, unknown>, expect: ClaimExpectations): ClaimFailure | null {
  // Nothing this server issues nests deeper (additional claims are capped at issue), and what
  // reads claims later (GET /me's JSON.stringify) recurses.
  if (isDeeperThan(payload, MAX_CLAIMS_DEPTH))
    return { code: 'invalid_token', detail: 'The token claims nest too deeply.' };
  const { nowSeconds: now, toleranceSeconds: leeway } = expect;
  const num = (name: string) => typeof payload[name] === 'number' && Number.isFinite(payload[name]);
  if (!num('exp') || !num('iat')) return { code: 'invalid_token', detail: 'The token lacks exp or iat.' };
  if (payload.nbf !== undefined && !num('nbf'))
    return { code: 'invalid_token', detail: 'The token has a malformed nbf.' };
  if (payload.cep !== undefined && !(Number.isSafeInteger(payload.cep) && (payload.cep as number) >= 0))
    return { code: 'invalid_token', detail: 'The token has a malformed cep.' };
  if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string')
    return { code: 'invalid_token', detail: 'The token lacks jti or sub.' };
  if (payload.token_use !== 'access' && payload.token_use !== 'api')
    return { code: 'invalid_token', detail: 'The token is not an access or API token.' };
  if (payload.iss !== expect.issuer)
    return { code: 'invalid_token', detail: 'The token was issued by another issuer.' };
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expect.audience))
    return { code: 'invalid_token', detail: 'The token is meant for another audience.' };
  if ((payload.exp as number) + leeway <= now) return { code: 'token_expired', detail: 'The token has expired.' };
  if (payload.nbf !== undefined && (payload.nbf as number) - leeway > now)
    return { code: 'token_not_yet_valid', detail: 'The token is not valid yet.' };
  if ((payload.iat as number) - leeway > now)
    return { code: 'token_not_yet_valid', detail: 'The token was issued in the future.' };
  return null;
}
