import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import { bearer, createUser, issueToken } from './factories';

describe('token registry, end to end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('issues a refreshable token with claims that works, refreshes it and refuses it once revoked', async () => {
    const jane = await createUser(t);
    const issued = await issueToken(t, jane.id, {
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

    const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(bearer(t.adminToken)).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: issued.id, status: 'active', is_valid: true, description: 'ci' }),
    ]);

    const me = await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
    expect(me.body.user.id).toBe(jane.id);
    expect(me.body.claims.dept).toBe('security');

    const refreshed = await t.http
      .post(`/api/v1/users/${jane.id}/tokens/${issued.id}/refresh`)
      .set(bearer(t.adminToken))
      .expect(201);
    expect(refreshed.body.id).not.toBe(issued.id);
    expect(refreshed.body.claims.dept).toBe('security');
    expect(refreshed.body.description).toBe('ci');
    await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(401);

    await t.http.delete(`/api/v1/users/${jane.id}/tokens/${refreshed.body.id}`).set(bearer(t.adminToken)).expect(204);
    const refused = await t.http.get('/api/v1/me').set(bearer(refreshed.body.token)).expect(401);
    expect(refused.body.code).toBe('token_revoked');
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });

  it('builds signed login URLs from configuration, never from the Host header', async () => {
    const jane = await createUser(t);
    const forged = await t.http
      .post(`/api/v1/users/${jane.id}/tokens`)
      .set(bearer(t.adminToken))
      .set('host', 'evil.example')
      .send({})
      .expect(201);
    expect(forged.body.signed_url).toMatch(/^http:\/\/localhost:3000\/api\/v1\/auth\/jwt-login\?jwt=/);

    await t.http
      .put('/api/v1/config/service.public_url')
      .set(bearer(t.adminToken))
      .send({ value: 'https://auth.example.com' })
      .expect(200);
    const configured = await t.http
      .post(`/api/v1/users/${jane.id}/tokens`)
      .set(bearer(t.adminToken))
      .send({})
      .expect(201);
    expect(configured.body.signed_url).toBe(
      `https://auth.example.com/api/v1/auth/jwt-login?jwt=${encodeURIComponent(configured.body.token)}`,
    );
    await t.http.delete('/api/v1/config/service.public_url').set(bearer(t.adminToken)).expect(204);
  });

  describe('with irrevocable tokens allowed', () => {
    beforeAll(async () => {
      await t.http
        .put('/api/v1/config/service.jwt.allow_irrevocable')
        .set(bearer(t.adminToken))
        .send({ value: true })
        .expect(200);
      await t.http
        .put('/api/v1/config/service.jwt.registry_size')
        .set(bearer(t.adminToken))
        .send({ value: 2 })
        .expect(200);
    });
    afterAll(async () => {
      await t.http
        .put('/api/v1/configpress')
        .set(bearer(t.adminToken))
        .set('content-type', 'text/plain')
        .send('')
        .expect(200);
    });

    it('refuses an irrevocable token that is also refreshable (a refresh could not retire it)', async () => {
      const jane = await createUser(t);
      const response = await t.http
        .post(`/api/v1/users/${jane.id}/tokens`)
        .set(bearer(t.adminToken))
        .send({ revocable: false, refreshable: true })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'refreshable' })]);
    });

    it('evicts only revocable tokens, and answers registry_full when irrevocable ones fill the registry', async () => {
      const jane = await createUser(t);
      const stateless = await issueToken(t, jane.id, { revocable: false });
      const first = await issueToken(t, jane.id);
      t.clock.advance(1);
      const second = await issueToken(t, jane.id);
      const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(bearer(t.adminToken)).expect(200);
      const byId = Object.fromEntries(list.body.items.map((i: { id: string }) => [i.id, i]));
      expect(byId[first.id]).toMatchObject({ status: 'revoked', revoke_reason: 'evicted' });
      expect(byId[stateless.id]).toMatchObject({ status: 'active' });
      await t.http.get('/api/v1/me').set(bearer(stateless.token)).expect(200);
      await t.http.get('/api/v1/me').set(bearer(second.token)).expect(200);

      await issueToken(t, jane.id, { revocable: false });
      const full = await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(bearer(t.adminToken)).send({}).expect(409);
      expect(full.body.code).toBe('registry_full');
    });
  });

  it('gives a blocked account no new tokens', async () => {
    const jane = await createUser(t);
    await t.http.patch(`/api/v1/users/${jane.id}`).set(bearer(t.adminToken)).send({ status: 'blocked' }).expect(200);
    const response = await t.http
      .post(`/api/v1/users/${jane.id}/tokens`)
      .set(bearer(t.adminToken))
      .send({})
      .expect(409);
    expect(response.body.code).toBe('account_blocked');
  });

  it('evicts the oldest token even when a burst is issued within one millisecond', async () => {
    const jane = await createUser(t);
    await t.http
      .put('/api/v1/config/service.jwt.registry_size')
      .set(bearer(t.adminToken))
      .send({ value: 2 })
      .expect(200);
    try {
      const first = await issueToken(t, jane.id, { description: 't1' });
      const second = await issueToken(t, jane.id, { description: 't2' });
      const third = await issueToken(t, jane.id, { description: 't3' });
      const list = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(bearer(t.adminToken)).expect(200);
      expect(list.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
        [third.id, 'active'],
        [second.id, 'active'],
        [first.id, 'revoked'],
      ]);
    } finally {
      await t.http.delete('/api/v1/config/service.jwt.registry_size').set(bearer(t.adminToken)).expect(204);
    }
  });
});
