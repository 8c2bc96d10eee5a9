import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REVOCATION_REASONS } from '../common/events';
import type { TokenUse } from '../common/token-claims';
import { timestamp } from '../database/columns';

/**
 * Why an entry was revoked: by request (`revoked`), replaced by a refresh (`refreshed`), pushed out
 * of a full registry (`evicted`), or a change to the account.
 */
export const REVOKE_REASONS = ['revoked', 'refreshed', 'evicted', ...REVOCATION_REASONS] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

/** An entry's state as the API shows it: `active` until it expires or is revoked. */
export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/**
 * A registry entry. The raw JWT is never stored: `claims` is the complete signed claim set, so
 * the token can be re-signed on demand and a database leak yields no usable bearer token.
 */
@Entity('tokens')
@Index('idx_tokens_user', ['userId', 'issuedAt'])
// Retention pruning deletes by expiry, a batch at a time.
@Index('idx_tokens_expires', ['expiresAt'])
export class RegistryToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  jti: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'token_use', type: 'varchar', length: 16 })
  tokenUse: TokenUse;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  @Column({ type: 'simple-json' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM insert typing of JSON columns
  claims: Record<string, any>;

  @Column(timestamp('issued_at'))
  issuedAt: Date;

  @Column(timestamp('expires_at'))
  expiresAt: Date;

  @Column({ type: 'boolean' })
  refreshable: boolean;

  @Column({ type: 'boolean' })
  revocable: boolean;

  @Column(timestamp('revoked_at', true))
  revokedAt: Date | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 32, nullable: true })
  revokeReason: RevokeReason | null;
}
