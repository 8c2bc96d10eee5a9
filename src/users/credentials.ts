import { AuthenticationError } from '../common/errors';
import type { User } from './user.entity';

/**
 * Refuses a token issued before the account's last security-relevant change. Compared at the
 * precision of iat (seconds): tokens from the second of the change itself survive (those the
 * change revoked explicitly do not).
 */
export function assertIssuedAfterCredentialChange(iat: number, user: User): void {
  if (iat < Math.floor(user.credentialsChangedAt.getTime() / 1000)) {
    throw new AuthenticationError('token_revoked', "The account's credentials changed after this token was issued.");
  }
}
