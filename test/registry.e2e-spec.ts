import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

describe('token registry, end to end', () => {
  const t = useTestApp();

  it('issues a refreshable token with claims that works, refreshes it and refuses it once revoked', async () => {
    const jane = await t.createUser();
    const issued = await t.issueToken(jane.id, {
      refreshable: true,
      additional_claims: { dept: 'security' },
      description: 'ci',
    });
    expect(issued.claims).toMatchObject({
      sub: jane.id,
      dept: 'security',
      token_use: 'api',
      refreshable: true,
      revocable: true,
    });
    expect(issued.signed_url).toContain('/api/v1/auth/jwt-login?jwt=');

    const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: issued.id, status: 'active', is_valid: true, description: 'ci' }),
    ]);

    const me = await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
    expect(me.body.user.id).toBe(jane.id);
    expect(me.body.claims.dept).toBe('security');

    const refreshed = await t.http
      .post(`/api/v1/users/${jane.id}/tokens/${issued.id}/refresh`)
      .set(t.admin())
      .expect(201);
    expect(refreshed.body.id).not.toBe(issued.id);
    expect(refreshed.body.claims.dept).toBe('security');
    expect(refreshed.body.description).toBe('ci');
    expectProblem(await t.http.get('/api/v1/me').set(bearer(issued.token)), 401, 'token_revoked');

    await t.http.delete(`/api/v1/users/${jane.id}/tokens/${refreshed.body.id}`).set(t.admin()).expect(204);
    const refused = await t.http.get('/api/v1/me').set(bearer(refreshed.body.token)).expect(401);
    expect(refused.body.code).toBe('token_revoked');
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });

  it('builds signed login URLs from configuration, never from the Host header', async () => {
    const jane = await t.createUser();
    const forged = await t.http
      .post(`/api/v1/users/${jane.id}/tokens`)
      .set(t.admin())
      .set('host', 'evil.example')
      .send({})
      .expect(201);
    expect(forged.body.signed_url).toMatch(/^http:\/\/localhost:3000\/api\/v1\/auth\/jwt-login\?jwt=/);

    await t.withConfig({ 'service.public_url': 'https://auth.example.com' }, async () => {
      const configured = await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).send({}).expect(201);
      expect(configured.body.signed_url).toBe(
        `https://auth.example.com/api/v1/auth/jwt-login?jwt=${encodeURIComponent(configured.body.token)}`,
      );
    });
  });

  describe('with irrevocable tokens allowed', () => {
    const allowed = { 'service.jwt.allow_irrevocable': true, 'service.jwt.registry_size': 2 };

    it('refuses an irrevocable token that is also refreshable (a refresh could not retire it)', async () => {
      await t.withConfig(allowed, async () => {
        const jane = await t.createUser();
        const response = await t.http
          .post(`/api/v1/users/${jane.id}/tokens`)
          .set(t.admin())
          .send({ revocable: false, refreshable: true })
          .expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'refreshable' })]);
      });
    });

    it('evicts only revocable tokens, and answers registry_full when irrevocable ones fill the registry', async () => {
      await t.withConfig(allowed, async () => {
        const jane = await t.createUser();
        const stateless = await t.issueToken(jane.id, { revocable: false });
        const first = await t.issueToken(jane.id);
        t.clock.advance(1);
        const second = await t.issueToken(jane.id);
        const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).expect(200);
        const byId = Object.fromEntries(list.body.items.map((i: { id: string }) => [i.id, i]));
        expect(byId[first.id]).toMatchObject({ status: 'revoked', revoke_reason: 'evicted' });
        expect(byId[stateless.id]).toMatchObject({ status: 'active' });
        await t.http.get('/api/v1/me').set(bearer(stateless.token)).expect(200);
        await t.http.get('/api/v1/me').set(bearer(second.token)).expect(200);

        await t.issueToken(jane.id, { revocable: false });
        const full = await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).send({}).expect(409);
        expect(full.body.code).toBe('registry_full');
      });
    });
  });

  it('gives a blocked account no new tokens', async () => {
    const jane = await t.createUser();
    await t.http.patch(`/api/v1/users/${jane.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
    const response = await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).send({}).expect(409);
    expect(response.body.code).toBe('account_not_active');
  });

  it('evicts the oldest token even when a burst is issued within one millisecond', async () => {
    const jane = await t.createUser();
    await t.withConfig({ 'service.jwt.registry_size': 2 }, async () => {
      const first = await t.issueToken(jane.id, { description: 't1' });
      const second = await t.issueToken(jane.id, { description: 't2' });
      const third = await t.issueToken(jane.id, { description: 't3' });
      const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).expect(200);
      expect(list.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
        [third.id, 'active'],
        [second.id, 'active'],
        [first.id, 'revoked'],
      ]);
    });
  });
});
