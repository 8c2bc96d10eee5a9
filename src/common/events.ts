import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';

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

/**
 * How a lower module tells higher ones what happened without importing them. Every event is
 * emitted inside the transaction that made the change and carries its manager, so subscribers'
 * writes (revocations, audit rows) commit or roll back with it.
 */
export interface EventMap {
  [ACCOUNT_SECURITY_CHANGED]: AccountSecurityChanged;
  [CONFIG_CHANGED]: ConfigChanged;
}

/** Emits typed events and waits for every subscriber, so one that fails fails the emitter's transaction. */
@Injectable()
export class EventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  async emit<K extends keyof EventMap>(name: K, event: EventMap[K]): Promise<void> {
    await this.emitter.emitAsync(name, event);
  }
}

type Handler<K extends keyof EventMap> = (event: EventMap[K]) => Promise<void>;

/** Subscribes a method to a typed event; its errors reach the emitter instead of being logged and dropped. */
export function OnDomainEvent<K extends keyof EventMap>(name: K) {
  const subscribe = OnEvent(name, { suppressErrors: false });
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<Handler<K>>): void => {
    subscribe(target, key, descriptor);
  };
}
