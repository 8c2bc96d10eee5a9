import { Injectable } from '@nestjs/common';
import { ACCOUNT_SECURITY_CHANGED, OnDomainEvent, ROLE_DELETED } from '../common/events';
import type { AccountSecurityChanged, RoleDeleted } from '../common/events';
import { PoliciesService } from './policies.service';

/**
 * Attachments go with the user or role they attach to, in the deleting transaction: a role
 * created again under the same slug must not inherit the old one's policies.
 */
@Injectable()
export class AttachmentCleanup {
  constructor(private readonly policies: PoliciesService) {}

  @OnDomainEvent(ACCOUNT_SECURITY_CHANGED)
  async onAccountChanged(event: AccountSecurityChanged): Promise<void> {
    if (event.reason !== 'account_deleted') return;
    await this.policies.dropAttachmentsOf(event.manager, { level: 'user', target: event.userId });
  }

  @OnDomainEvent(ROLE_DELETED)
  async onRoleDeleted(event: RoleDeleted): Promise<void> {
    await this.policies.dropAttachmentsOf(event.manager, { level: 'role', target: event.slug });
  }
}
