import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { Transactions } from '../src/database/transactions';
import type { CreatedUser } from './factories';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

interface Pair {
  token_type: string;
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

interface RefreshRow {
  id: string;
  familyId: string;
  parentId: string | null;
  tokenHash: string;
  spentAt: Date | null;
  sealedSuccessor: string | null;
}

const REFRESH_TOKEN = /^jam_rt_[A-Za-z0-9_-]{43}$/;
const THIRTY_DAYS = 30 * 86400;

describe('sessions: login pairs, rotation, retries, reuse detection, logout', () => {
  const t = useTestApp();

  const refresh = (refreshToken: unknown) => t.http.post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });

  async function rotate(refreshToken: string): Promise<Pair> {
    const response = await refresh(refreshToken);
    expect(response.status).toBe(200);
    return response.body as Pair;
  }

  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));

  const rowsOfFamily = (familyId: string): Promise<RefreshRow[]> =>
    t.dataSource.getRepository<RefreshRow>('RefreshToken').find({ where: { familyId } });

  const familyOf = (token: string) => claimsOf(token).fam as string;

  describe('login', () => {
    it('answers an access JWT of a new family and an opaque refresh token, stored only as its SHA-256', async () => {
      const user = await t.createUser();
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      expect(login.body).toEqual(
        expect.objectContaining({
          token_type: 'Bearer',
          expires_in: 900,
          refresh_token: expect.stringMatching(REFRESH_TOKEN),
          refresh_expires_in: THIRTY_DAYS,
        }),
      );
      const header = JSON.parse(Buffer.from(login.body.access_token.split('.')[0], 'base64url').toString());
      expect(header.typ).toBe('at+jwt');
      const claims = claimsOf(login.body.access_token);
      expect(claims).toEqual(expect.objectContaining({ token_use: 'access', sub: user.id, fam: expect.any(String) }));
      expect(claims.fam).not.toBe(familyOf(user.token));

      const rows = await rowsOfFamily(claims.fam as string);
      expect(rows).toHaveLength(1);
      expect(rows[0].tokenHash).toBe(createHash('sha256').update(login.body.refresh_token).digest('hex'));
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(login.body.refresh_token.slice('jam_rt_'.length));
    });

    it('takes the lifetimes from config', async () => {
      const user = await t.createUser();
      await t.withConfig({ 'service.jwt.access_expires_in': 120, 'service.jwt.refresh_expires_in': 3600 }, async () => {
        const login = await t.http
          .post('/api/v1/auth/login')
          .send({ username: user.username, password: user.password })
          .expect(200);
        expect(login.body).toEqual(expect.objectContaining({ expires_in: 120, refresh_expires_in: 3600 }));
        const claims = claimsOf(login.body.access_token);
        expect((claims.exp as number) - (claims.iat as number)).toBe(120);
      });
    });
  });

  describe('POST /auth/refresh', () => {
    it('spends the presented token and answers the next pair of the same family', async () => {
      const user = await t.createUser();
      t.clock.advance(5);
      const next = await rotate(user.refreshToken);
      expect(next).toEqual(
        expect.objectContaining({
          token_type: 'Bearer',
          expires_in: 900,
          refresh_token: expect.stringMatching(REFRESH_TOKEN),
        }),
      );
      expect(next.refresh_token).not.toBe(user.refreshToken);
      expect(familyOf(next.access_token)).toBe(familyOf(user.token));
      expect(claimsOf(next.access_token).jti).not.toBe(claimsOf(user.token).jti);
      await me(next.access_token).expect(200);

      const rows = await rowsOfFamily(familyOf(user.token));
      expect(rows).toHaveLength(2);
      const [first, second] = [...rows].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null));
      expect(first.spentAt).not.toBeNull();
      expect(second.parentId).toBe(first.id);
      expect(second.spentAt).toBeNull();
    });

    it('never extends the family: refresh_expires_in counts down to the end fixed at login', async () => {
      const user = await t.createUser();
      t.clock.advance(1000);
      const next = await rotate(user.refreshToken);
      expect(next.refresh_expires_in).toBe(THIRTY_DAYS - 1000);
      t.clock.advance(THIRTY_DAYS - 1000 - 100);
      const last = await rotate(next.refresh_token);
      expect(last.refresh_expires_in).toBe(100);
      // The access token never outlives its family.
      expect(last.expires_in).toBe(100);
      t.clock.advance(100);
      expectProblem(await refresh(last.refresh_token), 401, 'invalid_grant');
    });

    it('answers a retry of the spent parent within the reuse interval with the same pair, minting nothing', async () => {
      const user = await t.createUser();
      const next = await rotate(user.refreshToken);
      t.clock.advance(10);
      const again = await rotate(user.refreshToken);
      expect(again.refresh_token).toBe(next.refresh_token);
      expect(again.access_token).toBe(next.access_token);
      expect(again.expires_in).toBe(next.expires_in - 10);
      expect(await rowsOfFamily(familyOf(user.token))).toHaveLength(2);
      // The session goes on from the pair both answers carried.
      const third = await rotate(next.refresh_token);
      // Only the parent of the current token keeps a sealed pair: no chain leads from an older one to the current.
      const rows = await rowsOfFamily(familyOf(user.token));
      const sealed = rows.filter((row) => row.sealedSuccessor !== null);
      expect(sealed.map((row) => row.tokenHash)).toEqual([
        createHash('sha256').update(next.refresh_token).digest('hex'),
      ]);
      expect(third.refresh_token).toMatch(REFRESH_TOKEN);
    });

    it('revokes the whole family when a spent token comes back after the interval, and the revocation is committed', async () => {
      const user = await t.createUser();
      const next = await rotate(user.refreshToken);
      t.clock.advance(11);

      const reuse = await refresh(user.refreshToken);
      expectProblem(reuse, 401, 'token_reuse_detected');
      expect(reuse.headers['www-authenticate']).toBe('Bearer realm="api"');

      // Every token of the family is refused from the next request on: both access tokens and the current refresh token.
      expectProblem(await me(next.access_token), 401, 'token_revoked');
      expectProblem(await me(user.token), 401, 'token_revoked');
      expectProblem(await refresh(next.refresh_token), 401, 'invalid_grant');
      const events = await t.auditEvents({ type: 'token_reuse_detected', userId: user.id });
      expect(events).toEqual([
        expect.objectContaining({
          reason: 'token_reuse_detected',
          ip: expect.stringMatching(/127\.0\.0\.1|::1/),
          detail: { family_id: familyOf(user.token) },
        }),
      ]);
      // Other sessions of the account are not touched.
      const other = await t.http
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await me(other.body.access_token).expect(200);
    });

    it('treats a spent token that is not the parent of the current one as reuse, even inside the interval', async () => {
      const user = await t.createUser();
      const second = await rotate(user.refreshToken);
      const third = await rotate(second.refresh_token);
      expectProblem(await refresh(user.refreshToken), 401, 'token_reuse_detected');
      expectProblem(await me(third.access_token), 401, 'token_revoked');
    });

    it('treats a reuse interval of 0 as no retries', async () => {
      const user = await t.createUser();
      await t.withConfig({ 'service.jwt.refresh_reuse_interval': 0 }, async () => {
        await rotate(user.refreshToken);
        t.clock.advance(1);
        expectProblem(await refresh(user.refreshToken), 401, 'token_reuse_detected');
      });
    });

    it('answers unknown, malformed and wrong-type tokens with 401 invalid_grant, and oversized or non-string ones with 400', async () => {
      const user = await t.createUser();
      const unknown = `jam_rt_${'A'.repeat(43)}`;
      for (const value of [unknown, 'jam_rt_short', user.refreshToken.slice(0, -1), user.token, '', ' ']) {
        const response = await refresh(value);
        expectProblem(response, 401, 'invalid_grant');
        expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
      }
      for (const value of [42, null, ['x'], { a: 1 }, 'x'.repeat(8193)])
        expectProblem(await refresh(value), 400, 'validation_failed');
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({}), 400, 'validation_failed');
      expectProblem(
        await t.http.post('/api/v1/auth/refresh').send({ refresh_token: user.refreshToken, token: user.token }),
        400,
        'validation_failed',
      );
      // None of these spent the real token.
      await rotate(user.refreshToken);
    });

    it('never takes a refresh token as a bearer token', async () => {
      const user = await t.createUser();
      expectProblem(await me(user.refreshToken), 401, 'invalid_token');
    });

    it('takes a form-encoded body (RFC 6749 §6) and refuses a repeated parameter', async () => {
      const user = await t.createUser();
      const response = await t.http
        .post('/api/v1/auth/refresh')
        .type('form')
        .send(`grant_type=refresh_token&refresh_token=${encodeURIComponent(user.refreshToken)}`)
        .expect(200);
      expect(response.body.refresh_token).toMatch(REFRESH_TOKEN);
      // OAuth libraries send their client credentials along; this server registers no clients and ignores them.
      const withClient = await t.http
        .post('/api/v1/auth/refresh')
        .type('form')
        .send(`refresh_token=${response.body.refresh_token}&client_id=app&client_secret=s`)
        .expect(200);
      const repeated = await t.http
        .post('/api/v1/auth/refresh')
        .type('form')
        .send(`refresh_token=${withClient.body.refresh_token}&refresh_token=${withClient.body.refresh_token}`);
      expectProblem(repeated, 400, 'validation_failed');
      expectProblem(
        await t.http.post('/api/v1/auth/refresh').type('form').send('grant_type=password&refresh_token=x'),
        400,
        'validation_failed',
      );
    });

    it('serializes 50 parallel refreshes of one token: exactly one successor, every answer that pair or 409', async () => {
      const user = await t.createUser();
      const answers = await Promise.all(Array.from({ length: 50 }, () => refresh(user.refreshToken)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const pairs = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.refresh_token as string));
      expect(pairs.size).toBe(1);
      expect(await rowsOfFamily(familyOf(user.token))).toHaveLength(2);
      const [successor] = [...pairs];
      await rotate(successor);
    });
  });

  describe('when a refresh waits too long for another one', () => {
    it('answers 409 refresh_in_progress, and the token still works afterwards', async () => {
      const user = await t.createUser();
      const transactions = t.app.get(Transactions);
      // What MariaDB answers when innodb_lock_wait_timeout runs out behind another refresh's row lock.
      const timeout = new QueryFailedError(
        'SELECT … FOR UPDATE',
        [],
        Object.assign(new Error('Lock wait timeout exceeded'), { code: 'ER_LOCK_WAIT_TIMEOUT' }),
      );
      const spy = jest.spyOn(transactions, 'run').mockRejectedValueOnce(timeout);
      expectProblem(await refresh(user.refreshToken), 409, 'refresh_in_progress');
      spy.mockRestore();
      await rotate(user.refreshToken);
    });
  });

  describe('POST /auth/refresh with {token}: a refreshable API token', () => {
    it('answers as POST /users/{id}/tokens/{jti}/refresh does: 201, a new token, the old one revoked as refreshed', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { refreshable: true, description: 'ci' });
      const response = await t.http.post('/api/v1/auth/refresh').send({ token: issued.token }).expect(201);
      expect(response.body).toEqual(
        expect.objectContaining({ description: 'ci', refreshable: true, status: 'active', token: expect.any(String) }),
      );
      expect(response.body.id).not.toBe(issued.id);
      const old = await t.http.get(`/api/v1/users/${user.id}/tokens/${issued.id}`).set(t.admin()).expect(200);
      expect(old.body).toEqual(expect.objectContaining({ status: 'revoked', revoke_reason: 'refreshed' }));
      expectProblem(await me(issued.token), 401, 'token_revoked');
      await me(response.body.token).expect(200);
    });

    it('refuses a token that is not refreshable (409), an access token (401 invalid_grant) and a forged one (401)', async () => {
      const user = await t.createUser();
      const fixed = await t.issueToken(user.id);
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({ token: fixed.token }), 409, 'not_refreshable');
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({ token: user.token }), 401, 'invalid_grant');
      const forged = `${fixed.token.slice(0, -4)}AAAA`;
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({ token: forged }), 401, 'invalid_token');
    });
  });

  describe('POST /auth/logout', () => {
    async function sessions(user: CreatedUser, count: number): Promise<Pair[]> {
      const pairs: Pair[] = [];
      for (let i = 0; i < count; i += 1) {
        const login = await t.http
          .post('/api/v1/auth/login')
          .send({ username: user.username, password: user.password })
          .expect(200);
        pairs.push(login.body as Pair);
      }
      return pairs;
    }

    it('local (the default) ends the caller\u2019s family only', async () => {
      const user = await t.createUser();
      const [mine, other] = await sessions(user, 2);
      await t.http.post('/api/v1/auth/logout').set(bearer(mine.access_token)).expect(204);
      expectProblem(await me(mine.access_token), 401, 'token_revoked');
      expectProblem(await refresh(mine.refresh_token), 401, 'invalid_grant');
      await me(other.access_token).expect(200);
      await rotate(other.refresh_token);
    });

    it('others ends every other family and keeps the caller\u2019s', async () => {
      const user = await t.createUser();
      const [mine, other] = await sessions(user, 2);
      const api = await t.issueToken(user.id);
      await t.http.post('/api/v1/auth/logout?scope=others').set(bearer(mine.access_token)).expect(204);
      await me(mine.access_token).expect(200);
      expectProblem(await me(other.access_token), 401, 'token_revoked');
      expectProblem(await me(user.token), 401, 'token_revoked');
      expectProblem(await refresh(other.refresh_token), 401, 'invalid_grant');
      await me(api.token).expect(200);
    });

    it('global ends every family and every revocable API token of the account', async () => {
      const user = await t.createUser();
      const [mine, other] = await sessions(user, 2);
      const api = await t.issueToken(user.id);
      await t.http.post('/api/v1/auth/logout?scope=global').set(bearer(mine.access_token)).expect(204);
      for (const token of [mine.access_token, other.access_token, user.token, api.token])
        expectProblem(await me(token), 401, 'token_revoked');
      expectProblem(await refresh(mine.refresh_token), 401, 'invalid_grant');
      const entry = await t.http.get(`/api/v1/users/${user.id}/tokens/${api.id}`).set(t.admin()).expect(200);
      expect(entry.body.revoke_reason).toBe('revoked');
    });

    it('others with an API token ends every session of the account (the token has none of its own)', async () => {
      const user = await t.createUser();
      const api = await t.issueToken(user.id);
      await t.http.post('/api/v1/auth/logout?scope=others').set(bearer(api.token)).expect(204);
      expectProblem(await me(user.token), 401, 'token_revoked');
      await me(api.token).expect(200);
    });

    it('local with an API token revokes that token', async () => {
      const user = await t.createUser();
      const api = await t.issueToken(user.id);
      await t.http.post('/api/v1/auth/logout').set(bearer(api.token)).expect(204);
      expectProblem(await me(api.token), 401, 'token_revoked');
      await me(user.token).expect(200);
    });

    it('refuses an unknown scope and an anonymous caller', async () => {
      const user = await t.createUser();
      expectProblem(
        await t.http.post('/api/v1/auth/logout?scope=everything').set(bearer(user.token)),
        400,
        'validation_failed',
      );
      expectProblem(await t.http.post('/api/v1/auth/logout'), 401, 'invalid_token');
      await me(user.token).expect(200);
    });
  });

  describe('GET/DELETE /users/{id}/sessions', () => {
    it('lists the user\u2019s sessions newest first, marks the caller\u2019s, and ends one on DELETE', async () => {
      const user = await t.createUser();
      t.clock.advance(5);
      const second = await t.http
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await rotate(second.body.refresh_token);
      const list = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(bearer(user.token)).expect(200);
      expect(list.body).toEqual(expect.objectContaining({ page: 1, per_page: 50, total: 2 }));
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([
        familyOf(second.body.access_token),
        familyOf(user.token),
      ]);
      expect(list.body.items[0]).toEqual(
        expect.objectContaining({
          status: 'active',
          current: false,
          last_refreshed_at: expect.any(String),
          client_ip: expect.any(String),
          revoked_at: null,
          revoke_reason: null,
        }),
      );
      expect(list.body.items[1]).toEqual(expect.objectContaining({ current: true, last_refreshed_at: null }));

      await t.http
        .delete(`/api/v1/users/${user.id}/sessions/${familyOf(second.body.access_token)}`)
        .set(bearer(user.token))
        .expect(204);
      expectProblem(await me(second.body.access_token), 401, 'token_revoked');
      const after = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(t.admin()).expect(200);
      expect(after.body.items[0]).toEqual(expect.objectContaining({ status: 'revoked', revoke_reason: 'revoked' }));
      await me(user.token).expect(200);
    });

    it('answers 404 for an unknown session, another user\u2019s session and an unknown user', async () => {
      const [jane, joe] = [await t.createUser(), await t.createUser()];
      const path = (userId: string, familyId: string) => `/api/v1/users/${userId}/sessions/${familyId}`;
      expectProblem(await t.http.delete(path(jane.id, familyOf(joe.token))).set(t.admin()), 404, 'not_found');
      expectProblem(await t.http.delete(path(jane.id, 'nope')).set(t.admin()), 404, 'not_found');
      expectProblem(await t.http.get('/api/v1/users/nobody/sessions').set(t.admin()), 404, 'not_found');
      await me(joe.token).expect(200);
    });

    it('lets a user see and end only their own sessions, and not with an API token', async () => {
      const [jane, joe] = [await t.createUser(), await t.createUser()];
      expectProblem(await t.http.get(`/api/v1/users/${joe.id}/sessions`).set(bearer(jane.token)), 403, 'access_denied');
      expectProblem(
        await t.http.delete(`/api/v1/users/${joe.id}/sessions/${familyOf(joe.token)}`).set(bearer(jane.token)),
        403,
        'access_denied',
      );
      const api = await t.issueToken(jane.id);
      await t.http.get(`/api/v1/users/${jane.id}/sessions`).set(bearer(api.token)).expect(200);
      expectProblem(
        await t.http.delete(`/api/v1/users/${jane.id}/sessions/${familyOf(jane.token)}`).set(bearer(api.token)),
        403,
        'access_denied',
      );
      await me(joe.token).expect(200);
      await me(jane.token).expect(200);
    });
  });

  describe('automatic revocation', () => {
    it('a password change ends every family of the account and hands the changer a fresh pair', async () => {
      const user = await t.createUser();
      const next = await rotate(user.refreshToken);
      const changed = await t.http
        .put(`/api/v1/users/${user.id}/password`)
        .set(bearer(next.access_token))
        .send({ new_password: 'another-Horse-battery-7', current_password: user.password })
        .expect(200);
      expectProblem(await refresh(next.refresh_token), 401, 'invalid_grant');
      expect(changed.body.session.refresh_token).toMatch(REFRESH_TOKEN);
      const fresh = await rotate(changed.body.session.refresh_token);
      await me(fresh.access_token).expect(200);
    });

    it('a block ends every family, and unblocking does not bring one back', async () => {
      const user = await t.createUser();
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_grant');
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'active' }).expect(200);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_grant');
      expectProblem(await me(user.token), 401, 'token_revoked');
    });

    it.each([
      ['an email change', { email: `changed${Date.now()}@example.com` }],
      ['a role change', { roles: ['administrator'] }],
    ])('%s ends every family of the account', async (_change, patch) => {
      const user = await t.createUser();
      const next = await rotate(user.refreshToken);
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send(patch).expect(200);
      expectProblem(await refresh(next.refresh_token), 401, 'invalid_grant');
      const listed = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(t.admin()).expect(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ status: 'revoked' })]);
    });

    it('a deleted account\u2019s refresh tokens are refused', async () => {
      const user = await t.createUser();
      await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_grant');
    });

    it('a blocked account cannot refresh even with the block trigger off', async () => {
      const user = await t.createUser();
      await t.withConfig({ 'service.revocation.account_blocked': false }, async () => {
        await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
        expectProblem(await refresh(user.refreshToken), 401, 'invalid_grant');
        await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'active' }).expect(200);
        // The trigger was off, so the family was never revoked: the session goes on.
        await rotate(user.refreshToken);
      });
    });
  });
});
