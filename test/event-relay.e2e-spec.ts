import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayedEventName } from '../src/common/events';
import { EventRelay } from '../src/redis/event-relay';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import type { TestDatabase } from './database';
import { createTestDatabase, TEST_DB } from './database';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';
import { expectRedisAt, SHARED_REDIS_URL } from './redis-server';

/** The issue's bound for a change made on one instance to take effect on another. */
const PROPAGATION_BOUND_MS = 100;

/**
 * Two instances on one database and one Redis: what one commits reaches the other's caches,
 * policy snapshot and configuration over pub/sub, long before any TTL.
 */
describe('change events between instances over Redis', () => {
  let database: TestDatabase;
  let directory: string;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await expectRedisAt(SHARED_REDIS_URL);
    directory = mkdtempSync(join(tmpdir(), 'jam-relay-'));
    database =
      TEST_DB === 'sqlite'
        ? { url: `sqlite:${join(directory, 'shared.sqlite')}`, drop: () => Promise.resolve() }
        : await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      SERVICE_JWT_SIGNING_SECRET: 'one-secret-for-both-instances-of-it',
      REDIS_URL: SHARED_REDIS_URL,
      // A channel of this run's own: other specs on the shared Redis do not hear these two.
      REDIS_EVENTS_CHANNEL: `jam-test:${randomBytes(6).toString('hex')}`,
    };
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Resolves, with the moment (performance.now), once `app` has applied the next `name` change another instance sent. */
  function arrival(app: TestApp, name: RelayedEventName): { arrived: Promise<number> } {
    let done = false;
    const arrived = new Promise<number>((resolve) => {
      app.app.get(EventRelay).onApplied((applied) => {
        if (applied !== name || done) return;
        done = true;
        resolve(performance.now());
      });
    });
    return { arrived };
  }

  it('a registry token revoked on B is refused on A within 100 ms', async () => {
    const user = await createUser(a);
    const issued = await issueToken(a, user.id);
    await a.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);

    const watch = arrival(a, 'token.revoked');
    await b.http.delete(`/api/v1/users/${user.id}/tokens/${issued.id}`).set(bearer(b.adminToken)).expect(204);
    // From B's answer (committed and published) to A having applied it, which may come first.
    const answeredAt = performance.now();
    expect(Math.max(0, (await watch.arrived) - answeredAt)).toBeLessThan(PROPAGATION_BOUND_MS);
    expectProblem(await a.http.get('/api/v1/me').set(bearer(issued.token)), 401, 'token_revoked');
  });

  it('a session ended and an account blocked on A are refused on B', async () => {
    const user = await createUser(a);
    const other = await createUser(a);
    await b.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    await b.http.get('/api/v1/me').set(bearer(other.token)).expect(200);

    const ended = arrival(b, 'session.revoked');
    await a.http.post('/api/v1/auth/logout').set(bearer(user.token)).expect(204);
    await ended.arrived;
    expectProblem(await b.http.get('/api/v1/me').set(bearer(user.token)), 401, 'token_revoked');

    const blocked = arrival(b, 'account.changed');
    await a.http.patch(`/api/v1/users/${other.id}`).set(bearer(a.adminToken)).send({ status: 'blocked' }).expect(200);
    await blocked.arrived;
    expectProblem(await b.http.get('/api/v1/me').set(bearer(other.token)), 401, 'token_account_blocked');
  });

  it('a policy detached on A is no longer applied on B', async () => {
    const user = await createUser(a);
    const policy = await a.http
      .post('/api/v1/policies')
      .set(bearer(a.adminToken))
      .send({
        name: `relay-list-${Date.now()}`,
        document: { Statement: { Effect: 'allow', Resource: 'User:*', Action: 'List' } },
      })
      .expect(201);
    const attached = arrival(b, 'policy.changed');
    await a.http.put(`/api/v1/users/${user.id}/policies/${policy.body.id}`).set(bearer(a.adminToken)).expect(204);
    await attached.arrived;
    await b.http.get('/api/v1/users').set(bearer(user.token)).expect(200);

    const detached = arrival(b, 'policy.changed');
    await a.http.delete(`/api/v1/users/${user.id}/policies/${policy.body.id}`).set(bearer(a.adminToken)).expect(204);
    await detached.arrived;
    await b.http.get('/api/v1/users').set(bearer(user.token)).expect(403);
  });

  it('a config change on A is in force on B at once, not at its next reload', async () => {
    const changed = arrival(b, 'config.changed');
    await a.http
      .put('/api/v1/config/service.password.min_length')
      .set(bearer(a.adminToken))
      .send({ value: 20 })
      .expect(200);
    await changed.arrived;
    const option = await b.http.get('/api/v1/config/service.password.min_length').set(bearer(b.adminToken)).expect(200);
    expect(option.body.value).toBe(20);
    await a.http.delete('/api/v1/config/service.password.min_length').set(bearer(a.adminToken)).expect(204);
  });
});
