import { AuthenticationError } from '../common/errors';
import type { TokenClaims } from '../common/token-claims';
import type { User } from './user.entity';

/** A login's username or email as accounts are looked up by it (and locked out by it): trimmed, lower-case. */
export function loginIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/**
 * Refuses a token whose account may no longer act: gone, blocked, or changed since the token was
 * signed. What authentication checks on every request, and what is checked again under a row lock
 * where a request must not act on a check made before a concurrent change.
 */
export function assertAccountMayAct(claims: TokenClaims, user: User | null): asserts user is User {
  if (!user) throw new AuthenticationError('account_not_found', 'The account of this token no longer exists.');
  if (user.status !== 'active')
    throw new AuthenticationError('token_account_blocked', 'The account of this token is blocked.');
  assertCurrentCredentials(claims, user);
}

/**
 * Refuses a token signed before the account's last security-relevant change whose revocation
 * trigger (`service.revocation.<reason>`) is on. Each such change increments `credentialEpoch`
 * under the user's row lock, and every token carries the epoch it was signed under (`cep`), so the
 * comparison is exact: no clock precision, no same-second window. A change made while its trigger
 * is off moves no epoch, so tokens from before it keep working (on purpose: that is the switch).
 */
export function assertCurrentCredentials(claims: TokenClaims, user: User): void {
  const current =
    claims.cep === undefined ? legacyTokenIsCurrent(claims.iat, user) : claims.cep === user.credentialEpoch;
  if (!current)
    throw new AuthenticationError('token_revoked', "The account's credentials changed after this token was issued.");
}

/**
 * A token signed before epochs existed (no `cep`) works only while the account has not changed
 * since the upgrade (epoch still 0), and only if it was signed in a later second than the last
 * change before it: iat has whole seconds, so a token from the second of the change itself
 * cannot be placed before or after it and is refused. An account never changed since it was
 * created has nothing to revoke.
 */
function legacyTokenIsCurrent(iat: number, user: User): boolean {
  if (user.credentialEpoch !== 0) return false;
  const changedAt = user.credentialsChangedAt.getTime();
  return changedAt === user.createdAt.getTime() || iat * 1000 > changedAt;
}
