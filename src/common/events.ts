import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { afterCommit } from './commit-hooks';

/** An account's security state changed: the token registry (later sessions and caches) revoke what they hold. */
export const ACCOUNT_SECURITY_CHANGED = 'account.security_changed';

export const REVOCATION_REASONS = [
  'password_changed',
  'email_changed',
  'roles_changed',
  'account_blocked',
  'account_deleted',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface AccountSecurityChanged {
  userId: string;
  reason: RevocationReason;
  actorId: string | null;
  manager: EntityManager;
}

/** Runtime options were written: the audit log records which, and their new values (null when unset). */
export const CONFIG_CHANGED = 'config.changed';

export interface ConfigChanged {
  keys: string[];
  values: Record<string, unknown>;
  actorId: string | null;
  manager: EntityManager;
}

/** A role was deleted: what was attached to it goes with it, in the same transaction. */
export const ROLE_DELETED = 'role.deleted';

export interface RoleDeleted {
  slug: string;
  manager: EntityManager;
}

/** A registry token was revoked (or replaced by its refresh): whoever holds its registry entry drops it. */
export const TOKEN_REVOKED = 'token.revoked';

export interface TokenRevoked {
  jti: string;
  userId: string;
  manager: EntityManager;
}

/** A session family ended: every access token of it stops at once. */
export const SESSION_REVOKED = 'session.revoked';

export interface SessionRevoked {
  familyId: string;
  userId: string;
  manager: EntityManager;
}

/**
 * Anything of an account changed (profile, roles, status, password, deletion): what authentication
 * knows of it (status, credential epoch, roles, username, email) is stale. Security-relevant
 * changes emit ACCOUNT_SECURITY_CHANGED too, for the revocations they cause.
 */
export const ACCOUNT_CHANGED = 'account.changed';

export interface AccountChanged {
  userId: string;
  manager: EntityManager;
}

/** A policy or an attachment changed: every instance reloads its policy snapshot. */
export const POLICY_CHANGED = 'policy.changed';

export interface PolicyChanged {
  manager: EntityManager;
}

/**
 * A security event was appended to the audit log (its `type`, one of audit's AUDIT_EVENT_TYPES).
 * Heard after the commit, it counts what the log really holds: the metrics count events by type.
 */
export const AUDIT_RECORDED = 'audit.recorded';

export interface AuditRecorded {
  type: string;
  manager: EntityManager;
}

/**
 * How a lower module tells higher ones what happened without importing them. Every event is
 * emitted inside the transaction that made the change and carries its manager. It reaches two
 * kinds of listener:
 * - `@OnDomainEvent`, inside that transaction: its writes (revocations, audit rows) commit or roll
 *   back with the change, and it runs again if a deadlock makes the transaction run again;
 * - `@OnCommittedEvent`, after the commit, once, never on a rollback, and without the manager (the
 *   transaction is over): for what lives outside the database (caches, publishing to other instances).
 */
export interface EventMap {
  [ACCOUNT_SECURITY_CHANGED]: AccountSecurityChanged;
  [CONFIG_CHANGED]: ConfigChanged;
  [ROLE_DELETED]: RoleDeleted;
  [TOKEN_REVOKED]: TokenRevoked;
  [SESSION_REVOKED]: SessionRevoked;
  [ACCOUNT_CHANGED]: AccountChanged;
  [POLICY_CHANGED]: PolicyChanged;
  [AUDIT_RECORDED]: AuditRecorded;
}

export type EventName = keyof EventMap;

/**
 * What an after-commit listener receives: the event without the finished transaction's manager.
 * `origin` is set when the change was made by another instance and arrived over Redis
 * (redis/event-relay.ts): its id there. Local changes have none.
 */
export type CommittedEvent<K extends EventName> = Omit<EventMap[K], 'manager'> & { origin?: string };

/**
 * The events other instances must hear of: each evicts or reloads state held in memory. Their
 * payloads (without the manager) are plain JSON and carry ids, never secrets.
 */
export const RELAYED_EVENTS = [
  TOKEN_REVOKED,
  SESSION_REVOKED,
  ACCOUNT_CHANGED,
  CONFIG_CHANGED,
  POLICY_CHANGED,
] as const satisfies readonly EventName[];
export type RelayedEventName = (typeof RELAYED_EVENTS)[number];

/** The after-commit listeners' channel: a name of its own, so neither kind of listener hears the other's. */
const committed = (name: EventName): string => `${name}:committed`;

/**
 * Emits typed events and waits for every subscriber, so one that fails fails the emitter's
 * transaction. In-transaction subscribers run one after the other, never side by side: they
 * share the transaction's one connection, and two interleaved writers on it (two audit rows
 * appended at once) would each read the chain head before the other moved it.
 */
@Injectable()
export class EventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  async emit<K extends EventName>(name: K, event: EventMap[K]): Promise<void> {
    // EventEmitter2 types listeners as returning void; @OnEvent's wrappers return the handler's promise.
    for (const listener of this.emitter.listeners(name)) await (listener(event) as unknown as Promise<void>);
    const { manager, ...payload } = event;
    afterCommit(manager, async () => {
      await this.emitter.emitAsync(committed(name), payload);
    });
  }

  /** Subscribes `handler` to an event after commit, from code (what `@OnCommittedEvent` does for a method). */
  onCommitted<K extends EventName>(name: K, handler: (event: CommittedEvent<K>) => Promise<void>): void {
    // EventEmitter2 types listeners as returning void; emitAsync awaits the promise this one returns.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.emitter.on(committed(name), handler);
  }

  /** Delivers a change another instance committed to this instance's after-commit listeners (never the in-transaction ones). */
  async deliverRemote<K extends RelayedEventName>(name: K, event: CommittedEvent<K>, origin: string): Promise<void> {
    await this.emitter.emitAsync(committed(name), { ...event, origin });
  }
}

type Handler<E> = (event: E) => Promise<void>;

/** Subscribes a method to a typed event inside its transaction; its errors reach the emitter instead of being logged and dropped. */
export function OnDomainEvent<K extends EventName>(name: K) {
  const subscribe = OnEvent(name, { suppressErrors: false });
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<Handler<EventMap[K]>>): void => {
    subscribe(target, key, descriptor);
  };
}

/**
 * Subscribes a method to a typed event after its transaction committed. The change is already
 * committed, so its errors cannot undo it: `Transactions.run` logs them and answers as committed.
 */
export function OnCommittedEvent<K extends EventName>(name: K) {
  const subscribe = OnEvent(committed(name), { suppressErrors: false });
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Handler<CommittedEvent<K>>>,
  ): void => {
    subscribe(target, key, descriptor);
  };
}
