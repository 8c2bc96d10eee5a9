import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { AUDIT_EVENT_TYPES } from '../audit/audit-event.entity';
import type { CommittedEvent } from '../common/events';
import { AUDIT_RECORDED, OnCommittedEvent } from '../common/events';

/**
 * Security events by type, counted from the audit log as it is written: after the commit of the
 * row, so a login, refresh or revocation that rolled back is not counted, and every one that the
 * log holds is (logins succeeded and failed, tokens issued, refreshed, revoked, reuse detected…).
 */
@Injectable()
export class AuditMetrics {
  private readonly events: Counter<'type'>;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'jam_audit_events_total',
      help: 'Security events written to the audit log since the process started, by event type.',
      labelNames: ['type'],
      registers: [registry],
    });
    // Every type is published from the start, at 0, so that rate() and alerts see the first event.
    for (const type of AUDIT_EVENT_TYPES) this.events.inc({ type }, 0);
  }

  @OnCommittedEvent(AUDIT_RECORDED)
  count(event: CommittedEvent<typeof AUDIT_RECORDED>): Promise<void> {
    this.events.inc({ type: event.type });
    return Promise.resolve();
  }
}
