import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { AccessDeniedError } from '../common/errors';
import type { Action } from '../common/actions';

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
 * Self-service actions that mint, expose or end registry tokens (the refresh route declares
 * IssueToken). They need a session token from a password login: otherwise a short-lived API
 * token could issue itself a long one, read its owner's other raw tokens or revoke them.
 */
const SESSION_ONLY: ReadonlySet<Action> = new Set(['IssueToken', 'ViewToken', 'RevokeToken']);

/**
 * Authorization decisions. For now: administrators may do everything (with any token: their
 * allow-all policy is the explicit allowance), every user may read their own account, change its
 * password and, with a session token, manage its API tokens; nothing else. The policy engine
 * replaces `isAllowed` without any change to routes or callers.
 */
@Injectable()
export class PolicyService {
  isAllowed(principal: Principal, action: Action, resource: string): boolean {
    // Before the session-only rule on purpose: an administrator's API token could create an
    // account and log in as it anyway, so refusing it token management would contain nothing.
    if (principal.roles.includes('administrator')) return true;
    if (resource !== `User:${principal.userId}` || !SELF_SERVICE.has(action)) return false;
    return !SESSION_ONLY.has(action) || principal.claims.token_use === 'access';
  }

  require(principal: Principal, action: Action, resource: string): void {
    if (!this.isAllowed(principal, action, resource)) throw new AccessDeniedError(action, resource);
  }
}
