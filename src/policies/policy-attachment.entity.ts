import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns';
import type { AttachmentLevel } from './language';

/**
 * A policy applied to everyone (`default`, target ''), to the members of a role (target: its
 * slug) or to one user (target: its id). `position` orders the policies of one level: the later
 * attached comes later in evaluation, so it wins over the earlier one.
 */
@Entity('policy_attachments')
@Index('idx_policy_attachments_target', ['level', 'target'])
export class PolicyAttachment {
  @PrimaryColumn({ name: 'policy_id', type: 'varchar', length: 36 })
  policyId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  level: AttachmentLevel;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  target: string;

  @Column({ type: 'integer' })
  position: number;

  @Column(timestamp('created_at'))
  createdAt: Date;
}
