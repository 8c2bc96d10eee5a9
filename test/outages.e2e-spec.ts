import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRelay } from '../src/redis/event-relay';
import { RedisConnection } from '../src/redis/redis-connection';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';
import type { PrivateService } from './private-services';
import { startPrivateMariaDb } from './private-services';
import { PrivateRedis } from './redis-server';

/** Polls `check` (a real service coming back takes real time) until it holds or `timeoutMs` passes. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

describe('the database goes away and comes back', () => {
  let mariadb: PrivateService;
  let t: TestApp;

  beforeAll(async () => {
    mariadb = await startPrivateMariaDb();
    t = await startTestApp({ DATABASE_URL: mariadb.url });
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await mariadb?.destroy();
  });

  it('answers 503 while it is down (readiness and requests that need it), cached authentications only within their TTL, and recovers without a restart', async () => {
    const user = await createUser(t);
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    await t.http.get('/health/ready').expect(200);

    await mariadb.stop();
    await t.http.get('/health/ready').expect(503);
    const users = await t.http.get('/api/v1/users').set(bearer(t.adminToken));
    expectProblem(users, 503, 'service_unavailable');
    expect(users.headers['retry-after']).toBe('5');
    const login = await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password });
    expectProblem(login, 503, 'service_unavailable');
    // What authentication cached still holds, for at most service.cache.ttl.
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    t.clock.advance(31);
    expectProblem(await t.http.get('/api/v1/me').set(bearer(user.token)), 503, 'service_unavailable');

    await mariadb.start();
    await eventually(async () => (await t.http.get('/health/ready')).status === 200, 'readiness');
    await eventually(async () => (await t.http.get('/api/v1/me').set(bearer(user.token))).status === 200, '/me');
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
  }, 60000);
});

describe('Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let directory: string;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    directory = mkdtempSync(join(tmpdir(), 'jam-redis-outage-'));
    const env = {
      // Two instances need one database: an SQLite file both open.
      DATABASE_URL: `sqlite:${join(directory, 'shared.sqlite')}`,
      SERVICE_JWT_SIGNING_SECRET: 'one-secret-for-both-instances-of-it',
      REDIS_URL: redis.url,
      REDIS_EVENTS_CHANNEL: `jam-test:${randomBytes(6).toString('hex')}`,
    };
    a = await startTestApp(env);
    b = await startTestApp(env);
  }, 60000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const me = (app: TestApp, token: string) => app.http.get('/api/v1/me').set(bearer(token));
  const revoke = (userId: string, jti: string) =>
    a.http.delete(`/api/v1/users/${userId}/tokens/${jti}`).set(bearer(a.adminToken)).expect(204);
  const connected = (app: TestApp) => {
    const redisConnection = app.app.get(RedisConnection);
    return redisConnection.ready && redisConnection.subscriber()?.status === 'ready';
  };

  it('keeps answering without it (a lost change costs the TTL), and shares changes again once it is back, without a restart', async () => {
    const user = await createUser(a);
    const first = await issueToken(a, user.id);
    const second = await issueToken(a, user.id);
    for (const app of [a, b]) for (const { token } of [first, second]) await me(app, token).expect(200);

    await redis.stop();
    await eventually(() => Promise.resolve(!connected(a) && !connected(b)), 'noticing the outage');
    await revoke(user.id, first.id);
    expectProblem(await me(a, first.token), 401, 'token_revoked');
    // B never heard of it: it trusts its cache until the TTL, then reads the database.
    await me(b, first.token).expect(200);
    b.clock.advance(31);
    expectProblem(await me(b, first.token), 401, 'token_revoked');
    await a.http.get('/health/ready').expect(200);

    await me(b, second.token).expect(200);
    await redis.start();
    await eventually(() => Promise.resolve(connected(a) && connected(b)), 'reconnecting');
    const applied = new Promise<void>((resolve) =>
      b.app.get(EventRelay).onApplied((name) => name === 'token.revoked' && resolve()),
    );
    await revoke(user.id, second.id);
    await applied;
    expectProblem(await me(b, second.token), 401, 'token_revoked');
  }, 60000);
});
