import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { sequenceNumber, timestamp } from '../database/columns';

export const AUDIT_EVENT_TYPES = [
  'login_succeeded',
  'login_failed',
  'token_issued',
  'token_refreshed',
  'token_revoked',
  'token_evicted',
  'token_reuse_detected',
  'rate_limited',
  'config_changed',
  'policy_changed',
  'user_changed',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * One security event, a link of the hash chain (docs/design.md, "The audit log"): `seq` numbers
 * the rows of the one chain of the database without gaps, `prevHash` is the hash of the row
 * before it (or of the prune anchor), `hash` covers this row's content and `prevHash`.
 */
@Entity('audit_events')
@Index('idx_audit_at', ['at'])
@Index('idx_audit_user', ['userId', 'at'])
@Index('idx_audit_seq', ['seq'], { unique: true })
export class AuditEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: AuditEventType;

  @Column(timestamp('at'))
  at: Date;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  jti: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ type: 'simple-json' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM insert typing of JSON columns
  detail: Record<string, any>;

  @Column(sequenceNumber('seq'))
  seq: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
