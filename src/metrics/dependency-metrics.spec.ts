import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { RedisConnection } from '../redis/redis-connection';
import { DATABASE_PING_TIMEOUT_MS, DependencyMetrics } from './dependency-metrics';

const redis = (enabled: boolean, ready: boolean) => ({ enabled, ready }) as RedisConnection;

/** The registry's text for a database whose ping does what `query` does. */
function registryWith(query: () => Promise<unknown>, connection = redis(false, false)): Registry {
  const registry = new Registry();
  new DependencyMetrics(registry, { query } as unknown as DataSource, connection);
  return registry;
}

describe('DependencyMetrics', () => {
  afterEach(() => jest.useRealTimers());

  it('reports the database up when the ping answers, and down when it fails', async () => {
    expect(await registryWith(() => Promise.resolve([{ 1: 1 }])).metrics()).toContain('\njam_database_up 1\n');
    expect(await registryWith(() => Promise.reject(new Error('gone'))).metrics()).toContain('\njam_database_up 0\n');
  });

  it('reports the database down when the ping does not answer within the timeout, instead of hanging the scrape', async () => {
    jest.useFakeTimers();
    const scrape = registryWith(() => new Promise(() => undefined)).metrics();
    await jest.advanceTimersByTimeAsync(DATABASE_PING_TIMEOUT_MS - 1);
    let settled = false;
    void scrape.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await scrape).toContain('\njam_database_up 0\n');
  });

  it("reports Redis's configuration and its connection's readiness", async () => {
    const up = await registryWith(() => Promise.resolve([]), redis(true, true)).metrics();
    expect(up).toContain('\njam_redis_enabled 1\n');
    expect(up).toContain('\njam_redis_up 1\n');
    const down = await registryWith(() => Promise.resolve([]), redis(true, false)).metrics();
    expect(down).toContain('\njam_redis_enabled 1\n');
    expect(down).toContain('\njam_redis_up 0\n');
  });
});
