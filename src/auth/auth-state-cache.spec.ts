import { Clock } from '../common/clock';
import type { ConfigService } from '../config/config.service';
import { AuthStateCache } from './auth-state-cache';
import type { RegistryState } from './auth-state-cache';

class ManualClock extends Clock {
  at = Date.UTC(2026, 0, 1);
  now(): Date {
    return new Date(this.at);
  }
}

const options: Record<string, number> = { 'service.cache.ttl': 30, 'service.cache.max_entries': 100 };
const config = { get: (key: string) => options[key], onChange: () => undefined } as unknown as ConfigService;
const live: RegistryState = { userId: 'u1', revokedAt: null, revokeReason: null };
const revoked: RegistryState = { userId: 'u1', revokedAt: new Date(), revokeReason: 'revoked' };

describe('AuthStateCache', () => {
  let clock: ManualClock;
  let cache: AuthStateCache;

  beforeEach(() => {
    clock = new ManualClock();
    cache = new AuthStateCache(config, clock);
  });

  it('loads once, then answers from memory until the TTL passes on the injected clock', async () => {
    const load = jest.fn().mockResolvedValue(live);
    await cache.registryEntry('j1', load);
    clock.at += 29_999;
    await cache.registryEntry('j1', load);
    expect(load).toHaveBeenCalledTimes(1);
    clock.at += 2;
    await cache.registryEntry('j1', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.stats()[0]).toMatchObject({ name: 'registry', hits: 1, misses: 2, size: 1 });
  });

  it('remembers an absence too (ids never come back)', async () => {
    const load = jest.fn().mockResolvedValue(null);
    expect(await cache.account('gone', load)).toBeNull();
    expect(await cache.account('gone', load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not keep what a read that began before an eviction returned', async () => {
    let finish!: (value: RegistryState) => void;
    const slow = cache.registryEntry('j1', () => new Promise<RegistryState>((resolve) => (finish = resolve)));
    // The token is revoked and evicted while the read is in flight; the read then returns the old row.
    await cache.onTokenRevoked({ jti: 'j1', userId: 'u1' });
    finish(live);
    expect(await slow).toBe(live);
    const reload = jest.fn().mockResolvedValue(revoked);
    expect(await cache.registryEntry('j1', reload)).toBe(revoked);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('evicts only what an event names', async () => {
    await cache.family('f1', () => Promise.resolve({ id: 'f1', userId: 'u1', revokedAt: null, revokeReason: null }));
    await cache.family('f2', () => Promise.resolve({ id: 'f2', userId: 'u1', revokedAt: null, revokeReason: null }));
    await cache.onSessionRevoked({ familyId: 'f1', userId: 'u1' });
    const load = jest.fn().mockResolvedValue(null);
    await cache.family('f1', load);
    await cache.family('f2', load);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
