import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from './database';
import { createMariaDbDatabase } from './database';
import { freePort } from './private-services';
import { expectRedisAt, SHARED_REDIS_URL } from './redis-server';
import type { ServerProcess } from './server-process';
import { startServerProcess } from './server-process';
import { RATE_LIMITS_OFF } from './app.factory';

const PASSWORD = 'Instances-Admin-Pass-1';
const USER_PASSWORD = 'correct-Horse-battery-9';
/** The bound for a change made on one instance to take effect on another. */
const PROPAGATION_BOUND_MS = 100;
/**
 * For changes whose application does more than an eviction (a policy snapshot or the options
 * re-read from the database), or when the machine is loaded: still far below any TTL.
 */
const RELOAD_BOUND_MS = 1000;
const TOKEN_LIMIT = 40;

interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string };
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/**
 * Two real server processes on different ports, one MariaDB database and the shared Redis: the
 * production shape behind a load balancer, which the in-process tests only imitate.
 */
describe('two server processes sharing MariaDB and Redis', () => {
  let database: TestDatabase;
  let dataDir: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let adminA: string;
  let adminB: string;

  beforeAll(async () => {
    await expectRedisAt(SHARED_REDIS_URL);
    database = await createMariaDbDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'jam-instances-'));
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_EVENTS_CHANNEL: `jam-test:${randomBytes(6).toString('hex')}`,
      // Counters of this run's own on the shared Redis; the limits are not what this spec is about.
      REDIS_KEY_PREFIX: `jam-test-${randomBytes(6).toString('hex')}:`,
      ...RATE_LIMITS_OFF,
      // One limit on, to see it counted across both: per token, with room for what the admin's token does here.
      SERVICE_RATE_LIMIT_TOKEN: String(TOKEN_LIMIT),
      SERVICE_JWT_SIGNING_SECRET: 'one-secret-for-every-instance-of-it',
      ADMIN_PASSWORD: PASSWORD,
      DATA_DIR: dataDir,
    };
    // One after the other: the first brings the schema up to date, the second finds it so.
    a = await startServerProcess(env, await freePort());
    b = await startServerProcess(env, await freePort());
    adminA = (await call(a.url, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password: PASSWORD }))
      .body.access_token as string;
    adminB = (await call(b.url, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password: PASSWORD }))
      .body.access_token as string;
  }, 150000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newUser(): Promise<{ id: string; username: string; token: string }> {
    const username = `inst${randomBytes(4).toString('hex')}`;
    const created = await call(a.url, 'POST', '/api/v1/users', adminA, {
      username,
      email: `${username}@example.com`,
      password: USER_PASSWORD,
    });
    expect(created.status).toBe(201);
    const login = await call(a.url, 'POST', '/api/v1/auth/login', undefined, { username, password: USER_PASSWORD });
    return { id: created.body.id as string, username, token: login.body.access_token as string };
  }

  it('a token from a login on A works on B', async () => {
    const user = await newUser();
    expect((await call(b.url, 'GET', '/api/v1/me', user.token)).status).toBe(200);
  });

  it('a token revoked on B is refused on A within 100 ms', async () => {
    const user = await newUser();
    const issued = await call(a.url, 'POST', `/api/v1/users/${user.id}/tokens`, adminA, {});
    const token = issued.body.token as string;
    expect((await call(a.url, 'GET', '/api/v1/me', token)).status).toBe(200);

    expect(
      (await call(b.url, 'DELETE', `/api/v1/users/${user.id}/tokens/${issued.body.id as string}`, adminB)).status,
    ).toBe(204);
    const revokedAt = performance.now();
    let answer: Answer;
    do answer = await call(a.url, 'GET', '/api/v1/me', token);
    while (answer.status === 200 && performance.now() - revokedAt < 5000);
    const elapsed = performance.now() - revokedAt;
    expect(answer).toMatchObject({ status: 401, body: { code: 'token_revoked' } });
    expect(elapsed).toBeLessThan(PROPAGATION_BOUND_MS);
  });

  it('an account blocked on A is refused on B at once', async () => {
    const user = await newUser();
    expect((await call(b.url, 'GET', '/api/v1/me', user.token)).status).toBe(200);
    expect((await call(a.url, 'PATCH', `/api/v1/users/${user.id}`, adminA, { status: 'blocked' })).status).toBe(200);
    let answer: Answer;
    const start = performance.now();
    do answer = await call(b.url, 'GET', '/api/v1/me', user.token);
    while (answer.status === 200 && performance.now() - start < 5000);
    expect(answer).toMatchObject({ status: 401, body: { code: 'token_account_blocked' } });
    expect(performance.now() - start).toBeLessThan(RELOAD_BOUND_MS);
  });

  it('a config change on A is in force on B', async () => {
    const path = '/api/v1/config/service.password.min_length';
    expect((await call(a.url, 'PUT', path, adminA, { value: 21 })).status).toBe(200);
    let value: unknown;
    const start = performance.now();
    do value = (await call(b.url, 'GET', path, adminB)).body.value;
    while (value !== 21 && performance.now() - start < 5000);
    expect(value).toBe(21);
    expect(performance.now() - start).toBeLessThan(RELOAD_BOUND_MS);
    expect((await call(a.url, 'DELETE', path, adminA)).status).toBe(204);
  });

  it('a policy detached on A is no longer applied on B', async () => {
    const user = await newUser();
    const policy = await call(a.url, 'POST', '/api/v1/policies', adminA, {
      name: `instances-${randomBytes(3).toString('hex')}`,
      document: { Statement: { Effect: 'allow', Resource: 'User:*', Action: 'List' } },
    });
    const attachment = `/api/v1/users/${user.id}/policies/${policy.body.id as string}`;
    expect((await call(a.url, 'PUT', attachment, adminA)).status).toBe(204);
    const until = async (status: number) => {
      const start = performance.now();
      let answer: Answer;
      do answer = await call(b.url, 'GET', '/api/v1/users', user.token);
      while (answer.status !== status && performance.now() - start < 5000);
      expect(answer.status).toBe(status);
      expect(performance.now() - start).toBeLessThan(RELOAD_BOUND_MS);
    };
    await until(200);
    expect((await call(a.url, 'DELETE', attachment, adminA)).status).toBe(204);
    await until(403);
  });

  it('counts the per-token rate limit across both: one count, whichever instance answers', async () => {
    const user = await newUser();
    const answers: { status: number; limit: string | null; remaining: number; reset: string | null }[] = [];
    for (let i = 0; i < 3 * TOKEN_LIMIT && answers.at(-1)?.status !== 429; i += 1) {
      const base = i % 2 === 0 ? a.url : b.url;
      const response = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${user.token}` } });
      answers.push({
        status: response.status,
        limit: response.headers.get('x-ratelimit-limit'),
        remaining: Number(response.headers.get('x-ratelimit-remaining')),
        reset: response.headers.get('x-ratelimit-reset'),
      });
    }
    const refused = answers.at(-1)!;
    const before = answers.at(-2)!;
    expect(refused.status).toBe(429);
    // The instance before spent the last of this window: the count is shared.
    expect({ remaining: before.remaining, reset: before.reset }).toEqual({ remaining: 0, reset: refused.reset });
    expect(new Set(answers.map((answer) => answer.limit))).toEqual(new Set([String(TOKEN_LIMIT)]));
    expect(answers.slice(0, -1).filter((answer) => answer.status !== 200)).toEqual([]);
    // A new minute may begin mid-test; within one window each answer, on either instance, takes one.
    const skipped = answers
      .slice(1, -1)
      .filter((answer, k) => answer.reset === answers[k].reset && answer.remaining !== answers[k].remaining - 1);
    expect(skipped).toEqual([]);
  });
});
