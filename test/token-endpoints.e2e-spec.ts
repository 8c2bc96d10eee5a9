import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

describe('RFC 7009 revocation and RFC 7662 introspection', () => {
  const t = useTestApp();

  const revoke = (body: Record<string, unknown>) => t.http.post('/api/v1/auth/revoke').send(body);
  const introspect = (token: string) => t.http.post('/api/v1/auth/introspect').set(t.admin()).send({ token });
  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });

  describe('POST /auth/revoke', () => {
    it('revokes a refresh token with its whole family, access tokens included, without a bearer', async () => {
      const user = await t.createUser();
      const next = await refresh(user.refreshToken).expect(200);
      await revoke({ token: next.body.refresh_token, token_type_hint: 'refresh_token' }).expect(200);
      expectProblem(await refresh(next.body.refresh_token), 401, 'invalid_grant');
      expectProblem(await me(next.body.access_token), 401, 'token_revoked');
      expectProblem(await me(user.token), 401, 'token_revoked');
      const events = await t.auditEvents({ type: 'token_revoked', userId: user.id, reason: 'revoked' });
      expect(events).toEqual([expect.objectContaining({ detail: { family_id: claimsOf(user.token).fam } })]);
    });

    it('revokes a session access token by ending its family, form-encoded too', async () => {
      const user = await t.createUser();
      await t.http
        .post('/api/v1/auth/revoke')
        .type('form')
        .send(`token=${encodeURIComponent(user.token)}&token_type_hint=access_token`)
        .expect(200);
      expectProblem(await me(user.token), 401, 'token_revoked');
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_grant');
    });

    it('revokes an API token in the registry and leaves the sessions alone', async () => {
      const user = await t.createUser();
      const api = await t.issueToken(user.id);
      await revoke({ token: api.token }).expect(200);
      expectProblem(await me(api.token), 401, 'token_revoked');
      const entry = await t.http.get(`/api/v1/users/${user.id}/tokens/${api.id}`).set(t.admin()).expect(200);
      expect(entry.body).toEqual(expect.objectContaining({ status: 'revoked', revoke_reason: 'revoked' }));
      await me(user.token).expect(200);
    });

    it('answers 200 for unknown, forged and already revoked tokens, changing nothing', async () => {
      const user = await t.createUser();
      for (const token of [`jam_rt_${'B'.repeat(43)}`, 'not-a-token', `${user.token.slice(0, -3)}AAA`, ''])
        await revoke({ token }).expect(200);
      await me(user.token).expect(200);
      await revoke({ token: user.refreshToken, client_id: 'app' }).expect(200);
      await revoke({ token: user.refreshToken, client_id: 'app', client_secret: 'x' }).expect(200);
    });

    it('validates the body: token required, a string, a known hint', async () => {
      expectProblem(await revoke({}), 400, 'validation_failed');
      expectProblem(await revoke({ token: 5 }), 400, 'validation_failed');
      expectProblem(await revoke({ token: 'x', token_type_hint: 'id_token' }), 400, 'validation_failed');
      expectProblem(
        await t.http.post('/api/v1/auth/revoke').type('text').send('token=x'),
        415,
        'unsupported_media_type',
      );
    });
  });

  describe('POST /auth/introspect', () => {
    it('describes an active access token with its claims and username', async () => {
      const user = await t.createUser();
      const answer = await introspect(user.token).expect(200);
      expect(answer.body).toEqual(
        expect.objectContaining({
          active: true,
          token_type: 'access_token',
          token_use: 'access',
          sub: user.id,
          username: user.username,
          jti: claimsOf(user.token).jti,
          fam: claimsOf(user.token).fam,
        }),
      );
    });

    it('describes an API token with its additional claims, which cannot pose as active or username', async () => {
      const user = await t.createUser();
      const api = await t.issueToken(user.id, { additional_claims: { dept: 'ops', active: false, username: 'root' } });
      const answer = await introspect(api.token).expect(200);
      expect(answer.body).toEqual(
        expect.objectContaining({ active: true, token_use: 'api', dept: 'ops', username: user.username }),
      );
    });

    it('describes an active refresh token, and not a spent one', async () => {
      const user = await t.createUser();
      const answer = await introspect(user.refreshToken).expect(200);
      expect(answer.body).toEqual(
        expect.objectContaining({
          active: true,
          token_type: 'refresh_token',
          sub: user.id,
          username: user.username,
          fam: claimsOf(user.token).fam,
          aud: 'api',
          refreshable: false,
          revocable: true,
        }),
      );
      await refresh(user.refreshToken).expect(200);
      expect((await introspect(user.refreshToken).expect(200)).body).toEqual({ active: false });
    });

    it('answers only {active:false} for expired, revoked, forged and unknown tokens and blocked accounts', async () => {
      const user = await t.createUser();
      const api = await t.issueToken(user.id, { expires_in: 60 });
      const revoked = await t.issueToken(user.id);
      await t.http.delete(`/api/v1/users/${user.id}/tokens/${revoked.id}`).set(t.admin()).expect(204);
      for (const token of [revoked.token, `${user.token.slice(0, -3)}AAA`, 'garbage', `jam_rt_${'C'.repeat(43)}`])
        expect((await introspect(token).expect(200)).body).toEqual({ active: false });
      await t.advance(120);
      expect((await introspect(api.token).expect(200)).body).toEqual({ active: false });
      const other = await t.createUser();
      await t.http.patch(`/api/v1/users/${other.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
      expect((await introspect(other.token).expect(200)).body).toEqual({ active: false });
    });

    it('needs a bearer allowed Introspect on Token:* (administrators today)', async () => {
      const user = await t.createUser();
      expectProblem(
        await t.http.post('/api/v1/auth/introspect').set(bearer(user.token)).send({ token: user.token }),
        403,
        'access_denied',
      );
      expectProblem(await t.http.post('/api/v1/auth/introspect').send({ token: user.token }), 401, 'invalid_token');
      const form = await t.http
        .post('/api/v1/auth/introspect')
        .set(t.admin())
        .type('form')
        .send(`token=${encodeURIComponent(user.token)}`)
        .expect(200);
      expect(form.body.active).toBe(true);
    });
  });
});
