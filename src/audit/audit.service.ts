import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FindOptionsWhere } from 'typeorm';
import { Between, EntityManager, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import { AUDIT_RECORDED, EventBus } from '../common/events';
import { chainHash } from '../common/hash-chain';
import { Page, pageOf } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { AuditChainHead, CHAIN_ID } from './audit-chain.entity';
import { AuditEvent, AuditEventType } from './audit-event.entity';

export interface AuditRecord {
  type: AuditEventType;
  userId?: string | null;
  actorId?: string | null;
  ip?: string | null;
  jti?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  page: number;
  per_page: number;
  type?: AuditEventType;
  user_id?: string;
  since?: string;
  until?: string;
}

/**
 * Writes security events as links of the hash chain, and reads them back. Pass the caller's
 * transaction manager so the event commits with the change it records.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async record(event: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager) await this.append(manager, event);
    else await this.transactions.run((m) => this.append(m, event));
  }

  /** Newest first; rows of one instant by seq, the last appended first. */
  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.type) where.type = query.type;
    if (query.user_id) where.userId = query.user_id;
    const since = query.since ? new Date(query.since) : undefined;
    const until = query.until ? new Date(query.until) : undefined;
    if (since && until) where.at = Between(since, until);
    else if (since) where.at = MoreThanOrEqual(since);
    else if (until) where.at = LessThanOrEqual(until);
    const [items, total] = await this.transactions.manager.findAndCount(AuditEvent, {
      where,
      order: { at: 'DESC', seq: 'DESC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return pageOf(items, total, query);
  }

  /**
   * Appends under the chain head's row lock: on MySQL/MariaDB a second writer waits here until
   * the first commits (or rolls back), so two rows can never take the same seq or link to the
   * same predecessor; SQLite's writers are queued already. The lock is held to the end of the
   * caller's transaction, so a transaction should record its events last where it can.
   */
  private async append(manager: EntityManager, event: AuditRecord): Promise<void> {
    const head = await this.transactions.lock(manager, AuditChainHead, { id: CHAIN_ID });
    // Written by the migration and never deleted: without it there is no chain to extend, and
    // starting a new one would hide whatever removed it.
    if (!head) throw new Error('The audit chain head (audit_chain) is missing; security events cannot be recorded.');
    const row: AuditEvent = {
      id: randomUUID(),
      type: event.type,
      at: this.clock.now(),
      userId: event.userId ?? null,
      actorId: event.actorId ?? null,
      ip: event.ip ?? null,
      jti: event.jti ?? null,
      reason: event.reason ?? null,
      detail: event.detail ?? {},
      seq: head.seq + 1,
      prevHash: head.hash,
      hash: '',
    };
    row.hash = chainHash(row, row.prevHash);
    await manager.insert(AuditEvent, row);
    await manager.update(AuditChainHead, { id: CHAIN_ID }, { seq: row.seq, hash: row.hash });
    await this.events.emit(AUDIT_RECORDED, { type: row.type, manager });
  }
}
