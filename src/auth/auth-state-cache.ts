import { Injectable, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Clock } from '../common/clock';
import { ACCOUNT_CHANGED, OnCommittedEvent, SESSION_REVOKED, TOKEN_REVOKED } from '../common/events';
import type { CommittedEvent } from '../common/events';
import { PublishesMetrics } from '../common/metrics-source';
import type { MetricsSource, SourcedMetric } from '../common/metrics-source';
import { ConfigService } from '../config/config.service';
import type { FamilyStatus } from '../sessions/sessions.service';
import type { RegistryToken } from '../tokens/token.entity';
import type { User } from '../users/user.entity';

/** What authentication needs of a registry entry. */
export type RegistryState = Pick<RegistryToken, 'userId' | 'revokedAt' | 'revokeReason'>;

/** Cached "there is none": ids are never reused, so an absence stays true (a deleted token or account does not come back). */
const MISSING = Symbol('missing');

type Entry<V> = V | typeof MISSING;

export interface CacheStats {
  name: 'registry' | 'sessions' | 'accounts';
  hits: number;
  misses: number;
  size: number;
}

const CACHE_KEYS = new Set(['service.cache.ttl', 'service.cache.max_entries']);

/**
 * What authentication knows of registry tokens, session families and accounts, so that a request
 * in the steady state does no database round trip. Bounded (LRU, `service.cache.max_entries`
 * each) and expiring (`service.cache.ttl`, on the injected clock), filled on first use, and
 * evicted by the committed change events (this instance's at once, other instances' over Redis),
 * so a revocation is felt on the very next request; the TTL bounds what a lost message costs.
 *
 * A read that started before an eviction must not write back what it read, or the change would
 * be undone until the TTL: every eviction bumps `generation`, and a fill whose read began under
 * an older generation is dropped.
 */
@Injectable()
@PublishesMetrics()
export class AuthStateCache implements OnModuleInit, MetricsSource {
  private registry!: LRUCache<string, Entry<RegistryState>>;
  private families!: LRUCache<string, Entry<FamilyStatus>>;
  private accounts!: LRUCache<string, Entry<User>>;
  private generation = 0;
  private ttlMs = 0;
  private readonly counts: Record<CacheStats['name'], { hits: number; misses: number }> = {
    registry: { hits: 0, misses: 0 },
    sessions: { hits: 0, misses: 0 },
    accounts: { hits: 0, misses: 0 },
  };

  constructor(
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {
    this.build();
  }

  onModuleInit(): void {
    this.config.onChange((changed) => {
      if (changed.some((key) => CACHE_KEYS.has(key))) this.build();
    });
  }

  registryEntry(jti: string, load: () => Promise<RegistryState | null>): Promise<RegistryState | null> {
    return this.through(this.registry, 'registry', jti, load);
  }

  family(id: string, load: () => Promise<FamilyStatus | null>): Promise<FamilyStatus | null> {
    return this.through(this.families, 'sessions', id, load);
  }

  account(userId: string, load: () => Promise<User | null>): Promise<User | null> {
    return this.through(this.accounts, 'accounts', userId, load);
  }

  metrics(): readonly SourcedMetric[] {
    const each = (field: 'hits' | 'misses' | 'size') => () =>
      this.stats().map((cache) => ({ labels: { cache: cache.name }, value: cache[field] }));
    return [
      {
        name: 'jam_cache_hits_total',
        help: 'Authentication lookups answered from the in-process cache.',
        type: 'counter',
        labelNames: ['cache'],
        read: each('hits'),
      },
      {
        name: 'jam_cache_misses_total',
        help: 'Authentication lookups that went to the database.',
        type: 'counter',
        labelNames: ['cache'],
        read: each('misses'),
      },
      {
        name: 'jam_cache_entries',
        help: 'Entries each authentication cache holds now.',
        type: 'gauge',
        labelNames: ['cache'],
        read: each('size'),
      },
    ];
  }

  stats(): CacheStats[] {
    return [
      { name: 'registry', ...this.counts.registry, size: this.registry.size },
      { name: 'sessions', ...this.counts.sessions, size: this.families.size },
      { name: 'accounts', ...this.counts.accounts, size: this.accounts.size },
    ];
  }

  @OnCommittedEvent(TOKEN_REVOKED)
  onTokenRevoked(event: CommittedEvent<typeof TOKEN_REVOKED>): Promise<void> {
    this.evict(() => this.registry.delete(event.jti));
    return Promise.resolve();
  }

  @OnCommittedEvent(SESSION_REVOKED)
  onSessionRevoked(event: CommittedEvent<typeof SESSION_REVOKED>): Promise<void> {
    this.evict(() => this.families.delete(event.familyId));
    return Promise.resolve();
  }

  @OnCommittedEvent(ACCOUNT_CHANGED)
  onAccountChanged(event: CommittedEvent<typeof ACCOUNT_CHANGED>): Promise<void> {
    this.evict(() => this.accounts.delete(event.userId));
    return Promise.resolve();
  }

  private async through<V extends object>(
    cache: LRUCache<string, Entry<V>>,
    name: CacheStats['name'],
    key: string,
    load: () => Promise<V | null>,
  ): Promise<V | null> {
    const cached = cache.get(key);
    if (cached !== undefined) {
      this.counts[name].hits += 1;
      return cached === MISSING ? null : cached;
    }
    this.counts[name].misses += 1;
    const generation = this.generation;
    const value = await load();
    if (this.ttlMs > 0 && generation === this.generation) cache.set(key, value ?? MISSING);
    return value;
  }

  private evict(work: () => void): void {
    this.generation += 1;
    work();
  }

  /** (Re)creates the caches with the configured bounds; what they held is dropped, which is always safe. */
  private build(): void {
    this.generation += 1;
    this.ttlMs = this.config.get('service.cache.ttl') * 1000;
    const options = {
      max: this.config.get('service.cache.max_entries'),
      ttl: Math.max(this.ttlMs, 1),
      // Every read asks the clock: lru-cache's default reuses one reading for a millisecond of real
      // time, which a clock moved by a test (or a leap) would outrun.
      ttlResolution: 0,
      perf: { now: () => this.clock.now().getTime() },
    };
    this.registry = new LRUCache<string, Entry<RegistryState>>(options);
    this.families = new LRUCache<string, Entry<FamilyStatus>>(options);
    this.accounts = new LRUCache<string, Entry<User>>(options);
  }
}
