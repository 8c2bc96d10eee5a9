import { Injectable } from '@nestjs/common';
import { CONFIG_CHANGED, ConfigChanged, OnDomainEvent } from '../common/events';
import { AuditService } from './audit.service';

/** Records runtime configuration changes in the transaction that writes them. */
@Injectable()
export class ConfigAudit {
  constructor(private readonly audit: AuditService) {}

  @OnDomainEvent(CONFIG_CHANGED)
  async onConfigChanged(event: ConfigChanged): Promise<void> {
    await this.audit.record(
      { type: 'config_changed', actorId: event.actorId, detail: { keys: event.keys, values: event.values } },
      event.manager,
    );
  }
}
