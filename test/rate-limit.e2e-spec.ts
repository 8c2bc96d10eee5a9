import type { Response } from 'supertest';
import { ADMIN } from './app.factory';
import { bearer, STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

const WINDOW = 60;
const LOGIN = '/api/v1/auth/login';
const WRONG = { password: 'not-the-password-1' };

/**
 * Rate limits and the login lockout, over HTTP, on the fake clock. The suite's other files run
 * with every limit off (app.factory.ts); here each test turns on what it is about through the
 * runtime layer, which is also how an operator changes them while the server runs.
 */
describe('rate limits', () => {
  const t = useTestApp();

  /** The end of the current window and the seconds until it, as the server's clock sees them. */
  const windowNow = () => {
    const now = t.clock.nowSeconds();
    const end = (Math.floor(now / WINDOW) + 1) * WINDOW;
    return { end, left: end - now };
  };
  const limitHeaders = (response: Response) => ({
    limit: response.headers['x-ratelimit-limit'],
    remaining: response.headers['x-ratelimit-remaining'],
    reset: response.headers['x-ratelimit-reset'],
    policy: response.headers['ratelimit-policy'],
    field: response.headers['ratelimit'],
  });
  const expected = (limit: number, remaining: number) => ({
    limit: String(limit),
    remaining: String(remaining),
    reset: String(windowNow().end),
    policy: `${limit};w=60`,
    field: `limit=${limit}, remaining=${remaining}, reset=${windowNow().left}`,
  });
  const login = (body: object, forwardedFor?: string) => {
    const call = t.http.post(LOGIN).send(body);
    return forwardedFor ? call.set('x-forwarded-for', forwardedFor) : call;
  };
  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));
  let policies = 0;
  const attachParam = async (userId: string, value: number) => {
    const created = await t.http
      .post('/api/v1/policies')
      .set(t.admin())
      .send({ name: `rate-${(policies += 1)}`, document: { Param: { Key: 'service.rate_limit.token', Value: value } } })
      .expect(201);
    await t.http.put(`/api/v1/users/${userId}/policies/${created.body.id}`).set(t.admin()).expect(204);
  };

  beforeAll(async () => {
    // The administrator sets up and reads back every test; a Param lifts its token limit (0: none).
    await attachParam(t.adminId(), 0);
  });
  // Every test starts in a window of its own (the administrator logs in again while limits are off).
  beforeEach(() => t.advance(WINDOW));

  describe('login, per client IP', () => {
    it('counts every login, failed or not, answers the headers on each and 429 past the limit', async () => {
      await t.withConfig({ 'service.rate_limit.login': 3 }, async () => {
        const ok = await login(ADMIN).expect(200);
        expect(limitHeaders(ok)).toEqual(expected(3, 2));
        const failed = await login({ username: ADMIN.username, ...WRONG });
        expectProblem(failed, 401, 'invalid_credentials');
        expect(limitHeaders(failed)).toEqual(expected(3, 1));
        // A body that fails validation is counted as well: the limit runs before the handler.
        const invalid = await login({ username: ADMIN.username });
        expectProblem(invalid, 400, 'validation_failed');
        expect(limitHeaders(invalid)).toEqual(expected(3, 0));

        const refused = await login(ADMIN);
        expectProblem(refused, 429, 'rate_limited');
        expect(limitHeaders(refused)).toEqual(expected(3, 0));
        expect(refused.headers['retry-after']).toBe(String(windowNow().left));
      });
    });

    it('starts afresh when the clock reaches the next window', async () => {
      await t.withConfig({ 'service.rate_limit.login': 1 }, async () => {
        await login(ADMIN).expect(200);
        expectProblem(await login(ADMIN), 429, 'rate_limited');
        t.clock.advance(windowNow().left - 1);
        expectProblem(await login(ADMIN), 429, 'rate_limited');
        t.clock.advance(1);
        const next = await login(ADMIN).expect(200);
        expect(limitHeaders(next)).toEqual(expected(1, 0));
      });
    });

    it('ignores X-Forwarded-For unless trust_proxy is set: a forged header buys no fresh count', async () => {
      await t.withConfig({ 'service.rate_limit.login': 2 }, async () => {
        await login(ADMIN, '198.51.100.1').expect(200);
        await login(ADMIN, '198.51.100.2').expect(200);
        expectProblem(await login(ADMIN, '198.51.100.3'), 429, 'rate_limited');
      });
    });

    it('with a hop count, counts per forwarded client IP, and records that IP', async () => {
      await t.withConfig({ 'service.rate_limit.login': 2, 'service.rate_limit.trust_proxy': ['1'] }, async () => {
        // The nearest proxy (the test's socket) is trusted; what it says came before it is the client.
        await login(ADMIN, '203.0.113.9, 198.51.100.10').expect(200);
        await login({ username: ADMIN.username, ...WRONG }, '198.51.100.10').expect(401);
        expectProblem(await login(ADMIN, '198.51.100.10'), 429, 'rate_limited');
        const other = await login(ADMIN, '198.51.100.11').expect(200);
        expect(limitHeaders(other)).toEqual(expected(2, 1));
      });
      const failures = await t.auditEvents({ type: 'login_failed', ip: '198.51.100.10' });
      expect(failures.length).toBeGreaterThanOrEqual(1);
      const refusals = await t.auditEvents({ type: 'rate_limited', reason: 'login', ip: '198.51.100.10' });
      expect(refusals).toHaveLength(1);
    });

    it('with proxy addresses, believes X-Forwarded-For only from them', async () => {
      const settings = { 'service.rate_limit.login': 1 };
      // The socket's peer (loopback) is not 10.0.0.0/8: the header is not believed, one count for all.
      await t.withConfig({ ...settings, 'service.rate_limit.trust_proxy': ['10.0.0.0/8'] }, async () => {
        await login(ADMIN, '198.51.100.20').expect(200);
        expectProblem(await login(ADMIN, '198.51.100.21'), 429, 'rate_limited');
      });
      await t.advance(WINDOW);
      await t.withConfig({ ...settings, 'service.rate_limit.trust_proxy': ['127.0.0.0/8', '::1'] }, async () => {
        await login(ADMIN, '198.51.100.20').expect(200);
        await login(ADMIN, '198.51.100.21').expect(200);
        expectProblem(await login(ADMIN, '198.51.100.21'), 429, 'rate_limited');
        // A forged entry before the real client stays the client's own business: the first untrusted from the right wins.
        await login(ADMIN, '127.0.0.1, 198.51.100.22').expect(200);
      });
    });

    it('gives policies the same client IP: ${USER.ip} of an authenticated request follows trust_proxy', async () => {
      const user = await t.createUser();
      const created = await t.http
        .post('/api/v1/policies')
        .set(t.admin())
        .send({
          name: `deny-from-${(policies += 1)}`,
          document: {
            Statement: {
              Effect: 'deny',
              Resource: 'Route:/api/v1/users/{id}:GET',
              Condition: { Equals: { '${USER.ip}': '198.51.100.77' } },
            },
          },
        })
        .expect(201);
      await t.http.put(`/api/v1/users/${user.id}/policies/${created.body.id}`).set(t.admin()).expect(204);
      const fromProxy = () =>
        t.http.get(`/api/v1/users/${user.id}`).set(bearer(user.token)).set('x-forwarded-for', '198.51.100.77');
      await fromProxy().expect(200);
      await t.withConfig({ 'service.rate_limit.trust_proxy': ['1'] }, async () => {
        expectProblem(await fromProxy(), 403, 'access_denied');
      });
    });

    it('refuses a trust_proxy value that is neither a hop count nor addresses', async () => {
      for (const value of [['1', '10.0.0.1'], ['11'], ['0'], ['300.1.1.1'], ['10.0.0.0/33'], ['::1/129'], ['a.b']]) {
        const answer = await t.http.put('/api/v1/config/service.rate_limit.trust_proxy').set(t.admin()).send({ value });
        expectProblem(answer, 400, 'validation_failed');
      }
    });

    it('limits jwt-login too, in the same count as the password login', async () => {
      await t.withConfig({ 'service.rate_limit.login': 2 }, async () => {
        await login(ADMIN).expect(200);
        const signed = await t.http
          .get('/api/v1/auth/jwt-login')
          .query({ jwt: 'not.a.token' })
          .set('accept', 'application/json');
        expectProblem(signed, 401, 'invalid_token');
        expect(limitHeaders(signed)).toEqual(expected(2, 0));
        const refused = await t.http
          .get('/api/v1/auth/jwt-login')
          .query({ jwt: 'not.a.token' })
          .set('accept', 'application/json');
        expectProblem(refused, 429, 'rate_limited');
      });
    });

    it('is off at 0: no count, no headers', async () => {
      await t.withConfig({ 'service.rate_limit.login': 0 }, async () => {
        for (let i = 0; i < 8; i++) {
          const ok = await login(ADMIN).expect(200);
          expect(ok.headers['x-ratelimit-limit']).toBeUndefined();
        }
      });
    });

    it('takes a runtime change on the next request, within the same window', async () => {
      await t.withConfig({ 'service.rate_limit.login': 1 }, async () => {
        await login(ADMIN).expect(200);
        expectProblem(await login(ADMIN), 429, 'rate_limited');
        await t.setConfig('service.rate_limit.login', 5);
        const raised = await login(ADMIN).expect(200);
        // Two counted so far in this window (the refused one too), this is the third.
        expect(limitHeaders(raised)).toEqual(expected(5, 2));
      });
    });
  });

  describe('authenticated requests, per token', () => {
    it('counts per token (its jti), not per user or IP; a 429 names the token in the audit, once per window', async () => {
      const user = await t.createUser();
      const second = (await login({ username: user.username, password: STRONG_PASSWORD }).expect(200)).body;
      await t.withConfig({ 'service.rate_limit.token': 2 }, async () => {
        const first = await me(user.token).expect(200);
        expect(limitHeaders(first)).toEqual(expected(2, 1));
        await me(user.token).expect(200);
        for (let i = 0; i < 3; i++) {
          const refused = await me(user.token);
          expectProblem(refused, 429, 'rate_limited');
          expect(refused.headers['retry-after']).toBe(String(windowNow().left));
        }
        // The same user's other session has its own count.
        expect(limitHeaders(await me(second.access_token).expect(200))).toEqual(expected(2, 1));

        const jti = claimsOf(user.token).jti as string;
        const once = await t.auditEvents({ type: 'rate_limited', jti });
        expect(once).toEqual([
          expect.objectContaining({ userId: user.id, reason: 'token', detail: expect.objectContaining({ limit: 2 }) }),
        ]);
        t.clock.advance(windowNow().left);
        await me(user.token).expect(200);
        await me(user.token).expect(200);
        expectProblem(await me(user.token), 429, 'rate_limited');
        expect(await t.auditEvents({ type: 'rate_limited', jti })).toHaveLength(2);
      });
    });

    it('takes a policy Param for the principal over the config', async () => {
      const limited = await t.createUser();
      const other = await t.createUser();
      await attachParam(limited.id, 1);
      await t.withConfig({ 'service.rate_limit.token': 3 }, async () => {
        expect(limitHeaders(await me(limited.token).expect(200))).toEqual(expected(1, 0));
        expectProblem(await me(limited.token), 429, 'rate_limited');
        expect(limitHeaders(await me(other.token).expect(200))).toEqual(expected(3, 2));
        // The administrator's Param is 0: not limited, no headers.
        const admin = await t.http.get('/api/v1/me').set(t.admin()).expect(200);
        expect(admin.headers['x-ratelimit-limit']).toBeUndefined();
      });
    });

    it('leaves unauthenticated requests to other routes alone', async () => {
      await t.withConfig({ 'service.rate_limit.token': 1 }, async () => {
        for (let i = 0; i < 3; i++) {
          const answer = await t.http.get('/api/v1/me');
          expectProblem(answer, 401, 'invalid_token');
          expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
        }
      });
    });
  });

  describe('refresh, per refresh token', () => {
    it('counts per refresh token, whatever it is worth', async () => {
      const user = await t.createUser();
      const forged = `jam_rt_${'A'.repeat(43)}`;
      await t.withConfig({ 'service.rate_limit.refresh': 2 }, async () => {
        for (let i = 0; i < 2; i++) {
          const refused = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: forged });
          expectProblem(refused, 401, 'invalid_grant');
        }
        const limited = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: forged });
        expectProblem(limited, 429, 'rate_limited');
        expect(limitHeaders(limited)).toEqual(expected(2, 0));
        const real = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: user.refreshToken }).expect(200);
        expect(limitHeaders(real)).toEqual(expected(2, 1));
      });
    });
  });

  describe('brute-force lockout', () => {
    const lockout = {
      'service.secure_login.brute_force_lockout': true,
      'service.secure_login.login_attempts': 3,
      'service.secure_login.time_window': 600,
    };

    it('is off by default: failures never lock', async () => {
      const user = await t.createUser();
      for (let i = 0; i < 6; i++) await login({ username: user.username, ...WRONG }).expect(401);
      await login({ username: user.username, password: STRONG_PASSWORD }).expect(200);
    });

    it('locks an account after login_attempts failures, for time_window, and records it once', async () => {
      const user = await t.createUser();
      await t.withConfig(lockout, async () => {
        for (let i = 0; i < 3; i++) await login({ username: user.username, ...WRONG }).expect(401);
        // The right password no longer helps, written differently or not.
        for (const username of [user.username, ` ${user.username.toUpperCase()} `]) {
          const locked = await login({ username, password: STRONG_PASSWORD });
          expectProblem(locked, 429, 'account_locked');
          expect(locked.headers['retry-after']).toBe('600');
        }
        // Another account is not affected.
        await login(ADMIN).expect(200);
        t.clock.advance(599);
        expectProblem(await login({ username: user.username, password: STRONG_PASSWORD }), 429, 'account_locked');
        t.clock.advance(1);
        // The lock took the count with it: the account has its attempts again.
        await login({ username: user.username, ...WRONG }).expect(401);
        await login({ username: user.username, password: STRONG_PASSWORD }).expect(200);
      });
      expect(await t.auditEvents({ type: 'rate_limited', reason: 'account_locked', userId: user.id })).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ attempts: 3 }) }),
      ]);
    });

    it('locks an unknown username alike, so the answer tells nothing about which accounts exist', async () => {
      const user = await t.createUser();
      const ghost = `ghost${Date.now()}`;
      await t.withConfig(lockout, async () => {
        const answers: Response[] = [];
        for (const username of [user.username, ghost]) {
          for (let i = 0; i < 3; i++) await login({ username, ...WRONG }).expect(401);
          answers.push(await login({ username, password: STRONG_PASSWORD }));
        }
        for (const answer of answers) expectProblem(answer, 429, 'account_locked');
        expect(answers[0].body).toEqual(answers[1].body);
        expect(answers[0].headers['retry-after']).toBe(answers[1].headers['retry-after']);
      });
      const recorded = await t.auditEvents({ type: 'rate_limited', reason: 'account_locked', userId: null });
      expect(recorded.length).toBeGreaterThanOrEqual(1);
    });

    it('starts the count afresh after a successful login', async () => {
      const user = await t.createUser();
      await t.withConfig(lockout, async () => {
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 2; i++) await login({ username: user.username, ...WRONG }).expect(401);
          await login({ username: user.username, password: STRONG_PASSWORD }).expect(200);
        }
      });
    });
  });

  it('declares the 429 and the headers in the OpenAPI document for the limited operations', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/jwt-login', 'get'],
      ['/api/v1/auth/refresh', 'post'],
      ['/api/v1/me', 'get'],
      ['/api/v1/users', 'get'],
    ]) {
      const responses = document.paths[path][method].responses;
      expect(Object.keys(responses['429'].headers).sort()).toEqual(
        [
          'RateLimit',
          'RateLimit-Policy',
          'Retry-After',
          'X-RateLimit-Limit',
          'X-RateLimit-Remaining',
          'X-RateLimit-Reset',
        ].sort(),
      );
      expect(responses['200'].headers).toHaveProperty('X-RateLimit-Remaining');
    }
    expect(document.paths['/health'].get.responses['429']).toBeUndefined();
    expect(document.paths['/api/v1/auth/revoke'].post.responses['429']).toBeUndefined();
  });
});
