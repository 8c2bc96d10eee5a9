import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { AccessDeniedError } from '../common/errors';
import { Action } from './actions';

/** What every user may do to their own account until access policies arrive (the future `self-service` policy). */
const SELF_SERVICE: ReadonlySet<Action> = new Set([
  'Read',
  'ChangePassword',
  'IssueToken',
  'ListTokens',
  'ViewToken',
  'RevokeToken',
]);

/**
 * Authorization decisions. For now: administrators may do everything, every user may read their
 * own account, change its password and manage its API tokens, nothing else. The policy engine
 * replaces `isAllowed` without any change to routes or callers.
 */
@Injectable()
export class PolicyService {
  isAllowed(principal: Principal, action: Action, resource: string): boolean {
    if (principal.roles.includes('administrator')) return true;
    return resource === `User:${principal.userId}` && SELF_SERVICE.has(action);
  }

  require(principal: Principal, action: Action, resource: string): void {
    if (!this.isAllowed(principal, action, resource)) throw new AccessDeniedError(action, resource);
  }
}
