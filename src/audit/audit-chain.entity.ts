import { Column, Entity, PrimaryColumn } from 'typeorm';
import { sequenceNumber } from '../database/columns';

/** The id of the one row of `audit_chain`: one chain per database. */
export const CHAIN_ID = 1;

/**
 * The head of the audit chain and its anchor, one row. Every append locks it (SELECT … FOR
 * UPDATE), so concurrent writers on MySQL/MariaDB take turns and the chain cannot fork; verify
 * checks that the newest row is the head, so deleting the newest rows is seen too. Pruning moves
 * the anchor to the newest row it deleted: verify starts from it instead of the genesis hash.
 */
@Entity('audit_chain')
export class AuditChainHead {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** The seq of the newest row (the anchor's while the table is empty). */
  @Column(sequenceNumber('seq'))
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** The seq of the newest pruned row; 0 before any pruning. */
  @Column(sequenceNumber('anchor_seq'))
  anchorSeq: number;

  /** The hash of the newest pruned row; the genesis hash before any pruning. */
  @Column({ name: 'anchor_hash', type: 'varchar', length: 64 })
  anchorHash: string;
}
