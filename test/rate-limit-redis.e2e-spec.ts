import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisConnection } from '../src/redis/redis-connection';
import { hashRefreshToken } from '../src/sessions/refresh-secret';
import type { TestApp } from './app.factory';
import { ADMIN, startTestApp } from './app.factory';
import type { TestDatabase } from './database';
import { createSharedTestDatabase } from './database';
import { FakeClock } from './fake-clock';
import { expectProblem } from './factories/problem';
import { expectRedisAt, PrivateRedis, SHARED_REDIS_URL } from './redis-server';

const LOGIN = '/api/v1/auth/login';
const LIMIT = 3;

/** Waits for a state another process brings about (Redis reconnecting), checking every 20 ms. */
async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const connected = (app: TestApp) => app.app.get(RedisConnection).ready;

/**
 * Two instances in one process, one database, one fake clock (so both are in the same window),
 * counting in Redis under a key prefix of this run's own.
 */
async function startPair(redisUrl: string, prefix: string, clock: FakeClock, database: TestDatabase) {
  const env = {
    DATABASE_URL: database.url,
    SERVICE_JWT_SIGNING_SECRET: 'one-secret-for-both-instances-of-it',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    SERVICE_RATE_LIMIT_LOGIN: String(LIMIT),
    SERVICE_RATE_LIMIT_REFRESH: String(LIMIT),
    SERVICE_SECURE_LOGIN_BRUTE_FORCE_LOCKOUT: 'true',
    SERVICE_SECURE_LOGIN_LOGIN_ATTEMPTS: '2',
    SERVICE_SECURE_LOGIN_TIME_WINDOW: '300',
  };
  const first = await startTestApp(env, clock);
  const second = await startTestApp(env, clock);
  await until('both instances reach Redis', () => connected(first) && connected(second));
  return [first, second] as const;
}

/** Logins on a, b, a, b, ... from one client IP: what each answered. */
async function loginsAlternating(apps: readonly TestApp[], count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await apps[i % apps.length].http.post(LOGIN).send(ADMIN)).status);
  return statuses;
}

describe('rate limits shared through Redis', () => {
  let directory: string;
  let database: TestDatabase;
  const clock = new FakeClock();

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'jam-ratelimit-'));
    database = await createSharedTestDatabase(directory);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('on the shared Redis', () => {
    const prefix = `jam-test-${randomUUID()}:`;
    let apps: readonly [TestApp, TestApp];
    let redis: Redis;

    beforeAll(async () => {
      await expectRedisAt(SHARED_REDIS_URL);
      redis = new Redis(SHARED_REDIS_URL);
      apps = await startPair(SHARED_REDIS_URL, prefix, clock, database);
    });
    afterAll(async () => {
      for (const app of apps ?? []) await app.close();
      if (redis) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    });
    beforeEach(() => clock.advance(60));

    it('counts one client IP across both instances', async () => {
      expect(await loginsAlternating(apps, LIMIT + 2)).toEqual([200, 200, 200, 429, 429]);
    });

    it('keys a refresh count by the hash of the refresh token, never the raw value', async () => {
      const session = (await apps[0].http.post(LOGIN).send(ADMIN).expect(200)).body;
      await apps[1].http.post('/api/v1/auth/refresh').send({ refresh_token: session.refresh_token }).expect(200);
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((key) => key.includes(hashRefreshToken(session.refresh_token)))).toBe(true);
      expect(keys.some((key) => key.includes(session.refresh_token))).toBe(false);
    });

    it('locks an account on every instance', async () => {
      const ghost = { username: `ghost${Date.now()}`, password: 'not-the-password-1' };
      await apps[0].http.post(LOGIN).send(ghost).expect(401);
      await apps[1].http.post(LOGIN).send(ghost).expect(401);
      // A window of its own for the per-IP count; the lock lasts time_window (300 s).
      clock.advance(60);
      expectProblem(await apps[0].http.post(LOGIN).send(ghost), 429, 'account_locked');
      expectProblem(await apps[1].http.post(LOGIN).send(ghost), 429, 'account_locked');
    });
  });

  describe('on a Redis that goes away and comes back', () => {
    let redis: PrivateRedis;
    let apps: readonly [TestApp, TestApp];

    beforeAll(async () => {
      redis = await PrivateRedis.start();
      apps = await startPair(redis.url, `jam-test-${randomUUID()}:`, clock, database);
    });
    afterAll(async () => {
      for (const app of apps ?? []) await app.close();
      await redis?.stop();
    });

    it('counts per instance while it is down, never failing a request, and shares again once it is back', async () => {
      clock.advance(60);
      expect(await loginsAlternating(apps, LIMIT + 1)).toEqual([200, 200, 200, 429]);
      const shared = await apps[0].http.get('/health/ready').expect(200);
      expect(shared.body.details.redis).toEqual({ status: 'up', state: 'shared' });

      await redis.stop();
      await until('both instances see Redis gone', () => !connected(apps[0]) && !connected(apps[1]));
      clock.advance(60);
      // Each instance has its own count now: the limit holds on each, and nothing answers 500.
      for (const app of apps) expect(await loginsAlternating([app], LIMIT + 1)).toEqual([200, 200, 200, 429]);
      const degraded = await apps[0].http.get('/health/ready').expect(200);
      expect(degraded.body).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up', state: 'degraded' } },
      });

      await redis.start();
      await until('both instances reach Redis again', () => connected(apps[0]) && connected(apps[1]));
      clock.advance(60);
      expect(await loginsAlternating(apps, LIMIT + 1)).toEqual([200, 200, 200, 429]);
      expect((await apps[1].http.get('/health/ready').expect(200)).body.details.redis.state).toBe('shared');
    });
  });
});
