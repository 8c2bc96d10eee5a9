import { once } from 'node:events';
import type { Response } from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { Transactions } from '../src/database/transactions';
import { RedisConnection } from '../src/redis/redis-connection';
import { ADMIN } from './app.factory';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;

/** The samples of a Prometheus text exposition (comments skipped). */
function samplesOf(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

const METRICS_READER = { Statement: { Effect: 'allow', Resource: 'Metrics', Action: 'Read' } };

describe('GET /metrics', () => {
  const t = useTestApp();

  const scrape = async (): Promise<Sample[]> => {
    const response = await t.http.get('/metrics').set(t.admin()).expect(200);
    return samplesOf(response.text);
  };
  /** The one sample of `name` with exactly these labels, or undefined. */
  const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
  const auditCount = (samples: Sample[], type: string) => valueOf(samples, 'jam_audit_events_total', { type });
  /** A request as Fastify's inject makes it, from a client address of the test's choosing. */
  const fromAddress = (remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  const attachedReader = async () => {
    const user = await t.createUser();
    const policy = await t.http
      .post('/api/v1/policies')
      .set(t.admin())
      .send({ name: `metrics-reader-${user.id}`, document: METRICS_READER })
      .expect(201);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.body.id}`).set(t.admin()).expect(204);
    return user;
  };

  describe('access', () => {
    it('refuses a caller without a token from an address that is not allow-listed: 401', async () => {
      expectProblem(await t.http.get('/metrics'), 401, 'invalid_token');
    });

    it('refuses a token whose principal no policy allows Read on Metrics: 403', async () => {
      const user = await t.createUser();
      const refused: Response = await t.http.get('/metrics').set(bearer(user.token));
      expectProblem(refused, 403, 'access_denied');
      expect(refused.body.detail).toContain("'Read' on 'Metrics'");
    });

    it('admits a token whose principal an attached policy allows Read on Metrics', async () => {
      const user = await attachedReader();
      const answer = await t.http.get('/metrics').set(bearer(user.token)).expect(200);
      expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-store');
    });

    it('admits an allow-listed address without a token, and only that address', async () => {
      await t.withConfig({ 'service.metrics.allow_ips': ['203.0.113.0/24', '::1'] }, async () => {
        const admitted = await fromAddress('203.0.113.9');
        expect(admitted.statusCode).toBe(200);
        expect(admitted.body).toMatch(/^# HELP /m);
        expect((await fromAddress('::1')).statusCode).toBe(200);
        // Whatever token an allow-listed address sends is not looked at.
        expect((await fromAddress('203.0.113.9', { authorization: 'Bearer not.a.token' })).statusCode).toBe(200);
        const outside = await fromAddress('198.51.100.9');
        expect({ status: outside.statusCode, code: outside.json().code }).toEqual({
          status: 401,
          code: 'invalid_token',
        });
        expect((await fromAddress('203.0.114.9')).statusCode).toBe(401);
        // supertest connects from 127.0.0.1, which the list does not hold.
        expectProblem(await t.http.get('/metrics'), 401, 'invalid_token');
        // Other routes are not opened by the list.
        const elsewhere = await t.app.getHttpAdapter().getInstance().inject({
          method: 'GET',
          url: '/api/v1/users',
          remoteAddress: '203.0.113.9',
        });
        expect(elsewhere.statusCode).toBe(401);
      });
      expect((await fromAddress('203.0.113.9')).statusCode).toBe(401);
    });

    it('takes the list from the runtime configuration: loopback added at runtime admits supertest', async () => {
      await t.withConfig({ 'service.metrics.allow_ips': ['127.0.0.1'] }, async () => {
        await t.http.get('/metrics').expect(200);
      });
      expectProblem(await t.http.get('/metrics'), 401, 'invalid_token');
    });

    it('refuses an allow-list item that is neither an IP address nor a CIDR range', async () => {
      for (const item of ['10.0.0.0/33', 'localhost', '10.0.0.256', 'fe80::1%eth0', '::1/129']) {
        const set = await t.http
          .put('/api/v1/config/service.metrics.allow_ips')
          .set(t.admin())
          .send({ value: [item] });
        expect({ item, status: set.status, code: set.body.code }).toEqual({
          item,
          status: 400,
          code: 'validation_failed',
        });
      }
    });
  });

  describe('the exposition', () => {
    it('is Prometheus text: every sample belongs to a family with # HELP and # TYPE', async () => {
      const text = (await t.http.get('/metrics').set(t.admin()).expect(200)).text;
      const types = new Map<string, string>();
      for (const line of text.split('\n').filter((l) => l.startsWith('# TYPE '))) {
        const match = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
        if (!match) throw new Error(`not a # TYPE line: ${line}`);
        expect({ family: match[1], repeated: types.has(match[1]) }).toEqual({ family: match[1], repeated: false });
        types.set(match[1], match[2]);
      }
      const helped = new Set([...text.matchAll(/^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S/gm)].map((m) => m[1]));
      const familyOf = (name: string) => (types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, ''));
      for (const sample of samplesOf(text)) {
        const family = familyOf(sample.name);
        expect({ sample: sample.name, typed: types.has(family), helped: helped.has(family) }).toEqual({
          sample: sample.name,
          typed: true,
          helped: true,
        });
        expect(Number.isNaN(sample.value)).toBe(false);
      }
      expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('jam_')))).toEqual({
        jam_http_request_duration_seconds: 'histogram',
        jam_http_rate_limited_total: 'counter',
        jam_audit_events_total: 'counter',
        jam_database_up: 'gauge',
        jam_redis_enabled: 'gauge',
        jam_redis_up: 'gauge',
        jam_cache_hits_total: 'counter',
        jam_cache_misses_total: 'counter',
        jam_cache_entries: 'gauge',
        jam_event_bus_messages_total: 'counter',
        jam_event_bus_lag_seconds_sum: 'counter',
        jam_event_bus_last_lag_seconds: 'gauge',
      });
      expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
      expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    });

    it('reports the database up, and Redis neither configured nor up (no REDIS_URL here)', async () => {
      const samples = await scrape();
      expect(valueOf(samples, 'jam_database_up')).toBe(1);
      expect(valueOf(samples, 'jam_redis_enabled')).toBe(0);
      expect(valueOf(samples, 'jam_redis_up')).toBe(0);
    });
  });

  it('counts authentication cache hits and misses per cache', async () => {
    const user = await t.createUser();
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    const after = await scrape();
    const moved = (name: string, cache: string) =>
      (valueOf(after, name, { cache }) ?? NaN) - (valueOf(before, name, { cache }) ?? NaN);
    // Each /me: one session and two account hits (authentication, then /me itself); the second
    // scrape's own authentication adds one of each before it reads the counters.
    expect({
      sessions: moved('jam_cache_hits_total', 'sessions'),
      accounts: moved('jam_cache_hits_total', 'accounts'),
      misses: moved('jam_cache_misses_total', 'sessions') + moved('jam_cache_misses_total', 'accounts'),
    }).toEqual({ sessions: 4, accounts: 7, misses: 0 });
  });

  describe('security events', () => {
    it('counts a successful and a failed login by exactly one each', async () => {
      const before = await scrape();
      await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
      await t.http
        .post('/api/v1/auth/login')
        .send({ username: ADMIN.username, password: 'wrong-password' })
        .expect(401);
      const after = await scrape();
      expect(auditCount(after, 'login_succeeded')! - auditCount(before, 'login_succeeded')!).toBe(1);
      expect(auditCount(after, 'login_failed')! - auditCount(before, 'login_failed')!).toBe(1);
      expect(auditCount(after, 'token_issued')).toBe(auditCount(before, 'token_issued'));
    });

    it('publishes every event type from the start, at zero until one happens', async () => {
      expect(auditCount(await scrape(), 'token_reuse_detected')).toBe(0);
    });

    it('counts tokens issued, refreshed and revoked', async () => {
      const user = await t.createUser();
      const before = await scrape();
      const issued = await t.issueToken(user.id, { refreshable: true });
      const refreshed = await t.http
        .post(`/api/v1/users/${user.id}/tokens/${issued.id}/refresh`)
        .set(t.admin())
        .expect(201);
      await t.http.delete(`/api/v1/users/${user.id}/tokens/${refreshed.body.id}`).set(t.admin()).expect(204);
      const after = await scrape();
      const moved = (type: string) => auditCount(after, type)! - auditCount(before, type)!;
      expect({
        issued: moved('token_issued'),
        refreshed: moved('token_refreshed'),
        revoked: moved('token_revoked'),
      }).toEqual({ issued: 1, refreshed: 1, revoked: 1 });
    });

    it('counts a refresh-token reuse detection, which commits and then answers 401', async () => {
      const user = await t.createUser();
      const before = await scrape();
      const refresh = (token: string) => t.http.post('/api/v1/auth/refresh').send({ refresh_token: token });
      await refresh(user.refreshToken).expect(200);
      t.clock.advance(11);
      expectProblem(await refresh(user.refreshToken), 401, 'token_reuse_detected');
      const after = await scrape();
      expect(auditCount(after, 'token_reuse_detected')! - auditCount(before, 'token_reuse_detected')!).toBe(1);
      expect(auditCount(after, 'token_refreshed')! - auditCount(before, 'token_refreshed')!).toBe(1);
    });

    it('does not count an event whose transaction rolled back', async () => {
      const before = auditCount(await scrape(), 'login_failed');
      const audit = t.app.get(AuditService);
      await expect(
        t.app.get(Transactions).run(async (manager) => {
          await audit.record({ type: 'login_failed', reason: 'invalid_credentials' }, manager);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(auditCount(await scrape(), 'login_failed')).toBe(before);
    });
  });

  describe('requests', () => {
    it('labels a request by its route pattern and status, never by the id in its URL', async () => {
      const user = await t.createUser();
      await t.http.get(`/api/v1/users/${user.id}`).set(t.admin()).expect(200);
      await t.http.get(`/api/v1/users/${user.id}`).set(t.admin()).expect(200);
      const samples = await scrape();
      const count = valueOf(samples, 'jam_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/users/{id}',
        status_code: '200',
      });
      expect(count).toBeGreaterThanOrEqual(2);
      const withId = samples.filter((s) => Object.values(s.labels).some((v) => v.includes(user.id)));
      expect(withId).toEqual([]);
    });

    it('labels a request no route matched as unmatched, whatever its URL', async () => {
      await t.http.get('/api/v1/no-such-thing/12345').expect(404);
      const samples = await scrape();
      expect(
        valueOf(samples, 'jam_http_request_duration_seconds_count', {
          method: 'GET',
          route: 'unmatched',
          status_code: '404',
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(samples.filter((s) => s.labels.route?.includes('12345'))).toEqual([]);
    });
  });
});

describe('GET /metrics with REDIS_URL set', () => {
  // The local Redis every machine runs (.ci/run starts it); only read here, never stopped.
  const t = useTestApp({ REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });

  it('reports Redis configured and up once its connection is ready', async () => {
    const redis = t.app.get(RedisConnection);
    if (!redis.ready) await once(redis.client!, 'ready');
    const samples = samplesOf((await t.http.get('/metrics').set(t.admin()).expect(200)).text);
    const value = (name: string) => samples.find((s) => s.name === name)?.value;
    expect({ enabled: value('jam_redis_enabled'), up: value('jam_redis_up') }).toEqual({ enabled: 1, up: 1 });
  });
});
