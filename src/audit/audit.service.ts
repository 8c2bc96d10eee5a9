import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
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

/** Writes security events. Pass the caller's transaction manager so the event commits with the change it records. */
@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditRecord, manager?: EntityManager): Promise<void> {
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
    };
    if (manager) await manager.insert(AuditEvent, row);
    else await this.transactions.run((m) => m.insert(AuditEvent, row));
  }
}
