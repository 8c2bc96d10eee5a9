import type { EntityManager } from 'typeorm';

/**
 * Emitted inside the transaction that changes an account's security state, so subscribers
 * (token registry, later the sessions and caches) revoke in the same transaction.
 */
export const ACCOUNT_SECURITY_CHANGED = 'account.security_changed';

export const REVOCATION_REASONS = [
  'password_changed',
  'email_changed',
  'roles_changed',
  'account_blocked',
  'account_deleted',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface AccountSecurityChanged {
  userId: string;
  reason: RevocationReason;
  actorId: string | null;
  manager: EntityManager;
}
