import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REVOCATION_REASONS } from '../common/events';
import { timestamp } from '../database/columns';

/**
 * Why a family ended: the holder logged out, revoked a token of it (RFC 7009), a spent refresh
 * token came back (reuse), or a change to the account.
 */
export const FAMILY_REVOKE_REASONS = ['logout', 'revoked', 'token_reuse_detected', ...REVOCATION_REASONS] as const;
export type FamilyRevokeReason = (typeof FAMILY_REVOKE_REASONS)[number];

/**
 * One login session: every access and refresh token minted from one login by rotation. Access
 * tokens name it in `fam`, so revoking the family ends them all at once. Its absolute expiry is
 * fixed at login; rotation never moves it.
 */
@Entity('session_families')
@Index('idx_session_families_user', ['userId', 'createdAt'])
@Index('idx_session_families_expiry', ['expiresAt'])
export class SessionFamily {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column(timestamp('created_at'))
  createdAt: Date;

  @Column(timestamp('expires_at'))
  expiresAt: Date;

  @Column(timestamp('last_refreshed_at', true))
  lastRefreshedAt: Date | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  /** The refresh token that may rotate next; its parent is the one a retry may present. */
  @Column({ name: 'current_token_id', type: 'varchar', length: 36 })
  currentTokenId: string;

  @Column(timestamp('revoked_at', true))
  revokedAt: Date | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 32, nullable: true })
  revokeReason: FamilyRevokeReason | null;
}
