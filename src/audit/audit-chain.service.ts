import { Injectable, Logger } from '@nestjs/common';
import { Between, EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import { Transactions } from '../database/transactions';
import { AuditChainHead, CHAIN_ID } from './audit-chain.entity';
import { AuditEvent } from './audit-event.entity';
import type { Link } from './chain';
import { linkError } from './chain';

export interface ChainReport {
  ok: boolean;
  /** Rows whose link and content were checked. */
  checked: number;
  /** The first row that does not continue the chain; absent when none can be named (the newest rows were deleted). */
  first_broken_id?: string;
}

/** Rows read per query: verify never holds the whole table in memory. */
const VERIFY_BATCH = 1000;

/** Verifies the audit chain, and prunes its oldest rows without breaking it. */
@Injectable()
export class AuditChainService {
  private readonly logger = new Logger('AuditChain');

  constructor(private readonly transactions: Transactions) {}

  /**
   * Walks the chain from the prune anchor to the head, a batch at a time, each batch read in a
   * transaction of its own (on SQLite queued behind the writers, so it reads only what they
   * committed). Rows appended meanwhile are past the head read at the start and are left for
   * the next run; rows pruned meanwhile are recognized by the anchor having moved past them.
   */
  async verify(): Promise<ChainReport> {
    const head = await this.transactions.run((m) => this.headOf(m));
    if (!head) return { ok: false, checked: 0 };
    let previous: Link = { seq: head.anchorSeq, hash: head.anchorHash };
    let checked = 0;
    for (;;) {
      const after = previous.seq;
      const rows = await this.transactions.run((m) =>
        m.find(AuditEvent, {
          where: { seq: MoreThan(after) },
          order: { seq: 'ASC' },
          take: VERIFY_BATCH,
        }),
      );
      const inChain = rows.filter((row) => row.seq <= head.seq);
      for (const row of inChain) {
        if (linkError(previous, row) && !(await this.prunedUpTo(previous, row))) {
          this.logger.warn(`The audit chain is broken at row ${row.id} (seq ${row.seq}): ${linkError(previous, row)}`);
          return { ok: false, checked, first_broken_id: row.id };
        }
        previous = { seq: row.seq, hash: row.hash };
        checked += 1;
      }
      if (inChain.length < VERIFY_BATCH) break;
    }
    if ((previous.seq !== head.seq || previous.hash !== head.hash) && !(await this.prunedPast(head))) {
      this.logger.warn(`The audit chain ends at seq ${previous.seq}, its head is seq ${head.seq}: rows are missing`);
      return { ok: false, checked };
    }
    const stray = await this.strayRow();
    if (stray) {
      this.logger.warn(`Audit row ${stray.id} (seq ${stray.seq}) is outside the chain`);
      return { ok: false, checked, first_broken_id: stray.id };
    }
    return { ok: true, checked };
  }

  /**
   * Deletes up to `limit` of the oldest rows written before `cutoff`, in one transaction under the
   * head's lock, and moves the anchor to the newest of them. Each row is checked before it goes:
   * pruning stops at a broken row, so it never launders an edit or a deletion into a clean chain
   * (verify keeps reporting it). Answers how many rows it deleted.
   */
  async pruneBatch(cutoff: Date, limit: number): Promise<number> {
    return this.transactions.run(async (manager) => {
      const head = await this.transactions.lock(manager, AuditChainHead, { id: CHAIN_ID });
      if (!head) return 0;
      const oldest = await manager.find(AuditEvent, {
        where: { seq: MoreThan(head.anchorSeq) },
        order: { seq: 'ASC' },
        take: limit,
      });
      let anchor: Link = { seq: head.anchorSeq, hash: head.anchorHash };
      for (const row of oldest) {
        if (row.at.getTime() >= cutoff.getTime()) break;
        const error = linkError(anchor, row);
        if (error) {
          this.logger.error(
            `Pruning stopped at audit row ${row.id} (seq ${row.seq}): ${error}. It is kept so that verify reports it.`,
          );
          break;
        }
        anchor = { seq: row.seq, hash: row.hash };
      }
      const deleted = anchor.seq - head.anchorSeq;
      if (deleted === 0) return 0;
      await manager.delete(AuditEvent, { seq: Between(head.anchorSeq + 1, anchor.seq) });
      await manager.update(AuditChainHead, { id: CHAIN_ID }, { anchorSeq: anchor.seq, anchorHash: anchor.hash });
      return deleted;
    });
  }

  private headOf(manager: EntityManager): Promise<AuditChainHead | null> {
    return manager.findOneBy(AuditChainHead, { id: CHAIN_ID });
  }

  /** A prune that ran during verify moved the anchor to just before `row`. */
  private async prunedUpTo(previous: Link, row: AuditEvent): Promise<boolean> {
    const now = await this.transactions.run((m) => this.headOf(m));
    return !!now && now.anchorSeq > previous.seq && !linkError({ seq: now.anchorSeq, hash: now.anchorHash }, row);
  }

  /** A prune that ran during verify deleted every row up to the head verify started from. */
  private async prunedPast(head: AuditChainHead): Promise<boolean> {
    const now = await this.transactions.run((m) => this.headOf(m));
    return !!now && now.anchorSeq >= head.seq;
  }

  /** A row numbered at or before the anchor (pruning deletes those) or past the head: not a link of the chain. */
  private strayRow(): Promise<AuditEvent | null> {
    return this.transactions.run(async (manager) => {
      const head = await this.headOf(manager);
      if (!head) return null;
      return manager.findOne(AuditEvent, {
        where: [{ seq: LessThanOrEqual(head.anchorSeq) }, { seq: MoreThan(head.seq) }],
        order: { seq: 'ASC' },
      });
    });
  }
}
