import { randomUUID } from 'node:crypto';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

describe('token registry (POST/GET/DELETE /users/{id}/tokens)', () => {
  const t = useTestApp();

  const tokensOf = (userId: string) => `/api/v1/users/${userId}/tokens`;
  const admin = () => t.admin();
  // The URL's origin is the request's (supertest listens on a new port per request), so compare the token it carries.
  const jwtOf = (signedUrl: string) => {
    const url = new URL(signedUrl);
    expect(url.pathname).toBe('/api/v1/auth/jwt-login');
    return url.searchParams.get('jwt');
  };
  const lifetimeOf = (claims: Record<string, unknown>) => (claims.exp as number) - (claims.iat as number);
  /** Issues `count` tokens a second apart, oldest first. */
  const issuedInTurn = async (userId: string, count: number) => {
    const issued = [await t.issueToken(userId)];
    while (issued.length < count) {
      await t.advance(1);
      issued.push(await t.issueToken(userId));
    }
    return issued;
  };

  describe('issuing', () => {
    it('gives a token the lifetime asked for in seconds', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { expires_in: 3600 });
      expect(issued.issued_at).toBe(t.clock.now().toISOString());
      expect(lifetimeOf(issued.claims)).toBe(3600);
      expect(issued.expires_at).toBe(new Date((issued.claims.exp as number) * 1000).toISOString());
    });

    it('accepts a relative phrase such as "+2 hours"', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { expires_in: '+2 hours' });
      expect(lifetimeOf(issued.claims)).toBe(7200);
    });

    it('reads a phrase of up to 64 characters and refuses a longer one unread', async () => {
      const user = await t.createUser();
      const longest = '1s'.repeat(32);
      expect(lifetimeOf((await t.issueToken(user.id, { expires_in: longest })).claims)).toBe(32);
      const refused = await t.http
        .post(tokensOf(user.id))
        .set(admin())
        .send({ expires_in: `${longest} ` });
      expectProblem(refused, 400, 'validation_failed');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'expires_in' })]);
    });

    it('accepts an absolute ISO-8601 expires_at', async () => {
      const user = await t.createUser();
      const expiresAt = new Date(Math.floor(t.clock.now().getTime() / 1000) * 1000 + 3 * 86400_000);
      const issued = await t.issueToken(user.id, { expires_at: expiresAt.toISOString() });
      expect(issued.expires_at).toBe(expiresAt.toISOString());
      expect(issued.claims.exp).toBe(expiresAt.getTime() / 1000);
    });

    it('defaults to service.jwt.expires_in (86400 seconds)', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      expect(lifetimeOf(issued.claims)).toBe(86400);
      expect(issued.claims).toMatchObject({ sub: user.id, token_use: 'api', refreshable: false, revocable: true });
    });

    it.each([
      ['both expires_at and expires_in', { expires_at: '2099-01-01T00:00:00Z', expires_in: 3600 }, 'expires_at'],
      ['an expires_at in the past', { expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
      ['an expires_in phrase it cannot read', { expires_in: '+2 fortnights' }, 'expires_in'],
      ['an expires_in that is neither a number nor a phrase', { expires_in: true }, 'expires_in'],
      ['an expires_in of a fraction of a second', { expires_in: 1.5 }, 'expires_in'],
      ['additional_claims that are an array', { additional_claims: ['dept'] }, 'additional_claims'],
      ['additional_claims that are a string', { additional_claims: 'dept=security' }, 'additional_claims'],
      [
        'additional_claims larger than 4096 bytes',
        { additional_claims: { blob: 'x'.repeat(5000) } },
        'additional_claims',
      ],
    ])('refuses %s with 400 validation_failed', async (_, body, field) => {
      const user = await t.createUser();
      const response = await t.http.post(tokensOf(user.id)).set(admin()).send(body).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
      expect(list.body.total).toBe(0);
    });

    it('refuses reserved claims in additional_claims, naming each reserved key', async () => {
      const user = await t.createUser();
      const response = await t.http
        .post(tokensOf(user.id))
        .set(admin())
        .send({ additional_claims: { sub: 'someone-else', exp: 9999999999, dept: 'security' } })
        .expect(400);
      expect(response.body.code).toBe('validation_failed');
      const messages = (response.body.errors as { field: string; message: string }[])
        .filter((e) => e.field === 'additional_claims')
        .map((e) => e.message)
        .join(' ');
      expect(messages).toMatch(/\bsub\b/);
      expect(messages).toMatch(/\bexp\b/);
      expect(messages).not.toMatch(/\bdept\b/);
    });

    it('refuses revocable=false unless service.jwt.allow_irrevocable is on, and then such a token works but cannot be revoked', async () => {
      const user = await t.createUser();
      const refused = await t.http.post(tokensOf(user.id)).set(admin()).send({ revocable: false }).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'revocable' })]);

      await t.withConfig({ 'service.jwt.allow_irrevocable': true }, async () => {
        const issued = await t.issueToken(user.id, { revocable: false });
        expect(issued.claims.revocable).toBe(false);
        await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);

        const revoke = await t.http
          .delete(`${tokensOf(user.id)}/${issued.id}`)
          .set(admin())
          .expect(409);
        expect(revoke.body.code).toBe('not_revocable');
        await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
      });
    });

    it('answers 404 for a user that does not exist', async () => {
      const missing = randomUUID();
      const issue = await t.http.post(tokensOf(missing)).set(admin()).send({}).expect(404);
      expect(issue.body.code).toBe('not_found');
      await t.http.get(tokensOf(missing)).set(admin()).expect(404);
      await t.http.delete(tokensOf(missing)).set(admin()).expect(404);
    });
  });

  describe('listing and viewing', () => {
    it('lists active, revoked and expired entries with their status and validity', async () => {
      const user = await t.createUser();
      const active = await t.issueToken(user.id, { description: 'stays' });
      const revoked = await t.issueToken(user.id, { description: 'revoked' });
      const expiring = await t.issueToken(user.id, { expires_in: 60, description: 'expires' });
      await t.http
        .delete(`${tokensOf(user.id)}/${revoked.id}`)
        .set(admin())
        .expect(204);
      await t.advance(120);

      const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
      expect(list.body).toMatchObject({ page: 1, total: 3 });
      const byId: Record<string, Record<string, unknown>> = Object.fromEntries(
        (list.body.items as { id: string }[]).map((item) => [item.id, item]),
      );
      expect(byId[active.id]).toMatchObject({
        status: 'active',
        is_valid: true,
        revoked_at: null,
        revoke_reason: null,
        description: 'stays',
        token_use: 'api',
      });
      expect(byId[revoked.id]).toMatchObject({ status: 'revoked', is_valid: false, revoke_reason: 'revoked' });
      expect(byId[revoked.id].revoked_at).toEqual(expect.any(String));
      expect(byId[expiring.id]).toMatchObject({ status: 'expired', is_valid: false, revoked_at: null });
      expect(list.body.items[0]).not.toHaveProperty('token');

      expectProblem(await t.http.get('/api/v1/me').set(bearer(expiring.token)), 401, 'token_expired');
      expectProblem(await t.http.get('/api/v1/me').set(bearer(revoked.token)), 401, 'token_revoked');
      await t.http.get('/api/v1/me').set(bearer(active.token)).expect(200);
    });

    it('stops listing an entry once it expired more than service.audit.retention_days ago', async () => {
      await t.withConfig({ 'service.audit.retention_days': 1 }, async () => {
        const user = await t.createUser();
        await t.issueToken(user.id, { expires_in: 60 });
        await t.advance(86400);
        const recent = await t.issueToken(user.id, { expires_in: 60 });
        await t.advance(120);

        const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
        expect(list.body.total).toBe(1);
        expect(list.body.items).toEqual([expect.objectContaining({ id: recent.id, status: 'expired' })]);
      });
    });

    it('lists newest first, a page at a time', async () => {
      const user = await t.createUser();
      const [oldest, middle, newest] = await issuedInTurn(user.id, 3);
      const page = async (query: Record<string, number>) =>
        (await t.http.get(tokensOf(user.id)).query(query).set(admin()).expect(200)).body;

      const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
      expect(ids(await page({}))).toEqual([newest.id, middle.id, oldest.id]);
      const first = await page({ per_page: 2 });
      expect(first).toMatchObject({ page: 1, per_page: 2, total: 3 });
      expect(ids(first)).toEqual([newest.id, middle.id]);
      const second = await page({ per_page: 2, page: 2 });
      expect(second).toMatchObject({ page: 2, per_page: 2, total: 3 });
      expect(ids(second)).toEqual([oldest.id]);
    });

    it('lists a burst issued within one millisecond in the order it was issued', async () => {
      const user = await t.createUser();
      const burst: string[] = [];
      for (let i = 0; i < 5; i += 1) burst.push((await t.issueToken(user.id)).id);
      const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual(burst.reverse());
    });

    it('counts a token as expired from the instant of its exp on, as the verifier does', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { expires_in: 60 });
      const statusNow = async () =>
        (
          await t.http
            .get(`${tokensOf(user.id)}/${issued.id}`)
            .set(admin())
            .expect(200)
        ).body.status;

      t.clock.advance((Date.parse(issued.expires_at) - t.clock.now().getTime() - 1) / 1000);
      expect(await statusNow()).toBe('active');
      t.clock.advance(0.001);
      expect(t.clock.now().toISOString()).toBe(issued.expires_at);
      expect(await statusNow()).toBe('expired');
    });

    it('shows one entry, and 404 for an unknown jti', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { additional_claims: { dept: 'ops' } });
      const one = await t.http
        .get(`${tokensOf(user.id)}/${issued.id}`)
        .set(admin())
        .expect(200);
      expect(one.body).toMatchObject({ id: issued.id, status: 'active', is_valid: true, claims: issued.claims });
      expect(one.body).not.toHaveProperty('token');

      const missing = await t.http
        .get(`${tokensOf(user.id)}/${randomUUID()}`)
        .set(admin())
        .expect(404);
      expect(missing.body.code).toBe('not_found');
    });

    it('adds the raw token, re-signed identically from stored claims, and the signed URL with ?fields=token,signed_url', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { additional_claims: { dept: 'ops', level: 3 } });

      const one = await t.http
        .get(`${tokensOf(user.id)}/${issued.id}?fields=token,signed_url`)
        .set(admin())
        .expect(200);
      expect(one.body.token).toBe(issued.token);
      expect(jwtOf(one.body.signed_url)).toBe(issued.token);

      const list = await t.http
        .get(`${tokensOf(user.id)}?fields=token,signed_url`)
        .set(admin())
        .expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: issued.id, token: issued.token })]);
      expect(jwtOf(list.body.items[0].signed_url)).toBe(issued.token);

      const bad = await t.http
        .get(`${tokensOf(user.id)}/${issued.id}?fields=password`)
        .set(admin())
        .expect(400);
      expect(bad.body.code).toBe('validation_failed');
    });

    it('reads ?fields= as the document says: one parameter, its values comma-separated (style form, explode false)', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      const one = `${tokensOf(user.id)}/${issued.id}`;

      const none = await t.http.get(`${one}?fields=`).set(admin()).expect(200);
      expect(none.body).not.toHaveProperty('token');
      const token = (await t.http.get(`${one}?fields=token`).set(admin()).expect(200)).body;
      expect(token.token).toBe(issued.token);
      expect(token).not.toHaveProperty('signed_url');
      const signedUrl = (await t.http.get(`${one}?fields=signed_url`).set(admin()).expect(200)).body;
      expect(jwtOf(signedUrl.signed_url)).toBe(issued.token);
      expect(signedUrl).not.toHaveProperty('token');
      for (const query of [
        'fields=token&fields=signed_url',
        'fields=token,,signed_url',
        'fields=token,%20signed_url',
      ]) {
        const refused = await t.http.get(`${one}?${query}`).set(admin());
        expectProblem(refused, 400, 'validation_failed');
        expect({ query, fields: refused.body.errors.map((e: { field: string }) => e.field) }).toEqual({
          query,
          fields: ['fields'],
        });
      }
    });
  });

  describe('refreshing', () => {
    it('refuses a token that is not refreshable with 409 not_refreshable', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      const response = await t.http
        .post(`${tokensOf(user.id)}/${issued.id}/refresh`)
        .set(admin())
        .expect(409);
      expect(response.body.code).toBe('not_refreshable');
      await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
    });

    it('issues a new jti with the same lifetime length from now and revokes the old entry as refreshed', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, {
        refreshable: true,
        expires_in: 3600,
        additional_claims: { dept: 'ops' },
      });
      await t.advance(600);

      const refreshed = await t.http
        .post(`${tokensOf(user.id)}/${issued.id}/refresh`)
        .set(admin())
        .expect(201);
      expect(refreshed.body.id).not.toBe(issued.id);
      expect(refreshed.body.claims.jti).toBe(refreshed.body.id);
      expect(lifetimeOf(refreshed.body.claims)).toBe(3600);
      expect(refreshed.body.claims.iat).toBe((issued.claims.iat as number) + 600);
      expect(refreshed.body.claims).toMatchObject({ dept: 'ops', refreshable: true });

      const old = await t.http
        .get(`${tokensOf(user.id)}/${issued.id}`)
        .set(admin())
        .expect(200);
      expect(old.body).toMatchObject({ status: 'revoked', is_valid: false, revoke_reason: 'refreshed' });
      expectProblem(await t.http.get('/api/v1/me').set(bearer(issued.token)), 401, 'token_revoked');
      await t.http.get('/api/v1/me').set(bearer(refreshed.body.token)).expect(200);
    });
    it.each([
      [
        'revoked',
        'revoked',
        async (userId: string, jti: string) => {
          await t.http
            .delete(`${tokensOf(userId)}/${jti}`)
            .set(admin())
            .expect(204);
        },
      ],
      ['expired', 'expired', () => t.advance(120)],
    ])('refuses to refresh a %s token with 409 token_inactive and issues nothing', async (_name, status, retire) => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { refreshable: true, expires_in: 60 });
      await retire(user.id, issued.id);

      const response = await t.http.post(`${tokensOf(user.id)}/${issued.id}/refresh`).set(admin());
      expectProblem(response, 409, 'token_inactive');
      expect(response.body.detail).toContain(status);
      const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: issued.id, status })]);
    });
  });

  describe('revoking', () => {
    it('revokes one token with 204; the token is refused at once with 401 token_revoked', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      const other = await t.issueToken(user.id);
      await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);

      await t.http
        .delete(`${tokensOf(user.id)}/${issued.id}`)
        .set(admin())
        .expect(204);
      const refused = await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(401);
      expect(refused.body.code).toBe('token_revoked');
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
      await t.http.get('/api/v1/me').set(bearer(other.token)).expect(200);
    });

    it('revokes every token of the user with DELETE on the registry', async () => {
      const user = await t.createUser();
      const first = await t.issueToken(user.id);
      const second = await t.issueToken(user.id);

      await t.http.delete(tokensOf(user.id)).set(admin()).expect(204);
      for (const token of [first.token, second.token]) {
        const refused = await t.http.get('/api/v1/me').set(bearer(token)).expect(401);
        expect(refused.body.code).toBe('token_revoked');
      }
      const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
      expect(list.body.items.map((item: { status: string }) => item.status)).toEqual(['revoked', 'revoked']);
    });
    it('keeps the first reason and time when a revoked token is revoked again', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id, { refreshable: true });
      await t.http
        .post(`${tokensOf(user.id)}/${issued.id}/refresh`)
        .set(admin())
        .expect(201);
      const first = (
        await t.http
          .get(`${tokensOf(user.id)}/${issued.id}`)
          .set(admin())
          .expect(200)
      ).body;
      expect(first).toMatchObject({ status: 'revoked', revoke_reason: 'refreshed' });

      await t.advance(5);
      await t.http
        .delete(`${tokensOf(user.id)}/${issued.id}`)
        .set(admin())
        .expect(204);
      await t.http.delete(tokensOf(user.id)).set(admin()).expect(204);
      const again = (
        await t.http
          .get(`${tokensOf(user.id)}/${issued.id}`)
          .set(admin())
          .expect(200)
      ).body;
      expect(again).toMatchObject({ revoke_reason: 'refreshed', revoked_at: first.revoked_at });
      expect(await t.auditEvents({ type: 'token_revoked', jti: issued.id })).toEqual([]);
    });

    it('leaves irrevocable tokens running when every token of the user is revoked', async () => {
      await t.withConfig({ 'service.jwt.allow_irrevocable': true }, async () => {
        const user = await t.createUser();
        const stateless = await t.issueToken(user.id, { revocable: false });
        const revocable = await t.issueToken(user.id);

        await t.http.delete(tokensOf(user.id)).set(admin()).expect(204);
        const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
        const byId = Object.fromEntries((list.body.items as { id: string }[]).map((item) => [item.id, item]));
        expect(byId[stateless.id]).toMatchObject({ status: 'active', revoked_at: null, revoke_reason: null });
        expect(byId[revocable.id]).toMatchObject({ status: 'revoked', revoke_reason: 'revoked' });
        await t.http.get('/api/v1/me').set(bearer(stateless.token)).expect(200);
      });
    });
  });

  describe('registry size', () => {
    it('evicts the oldest live token when a new one exceeds service.jwt.registry_size', async () => {
      await t.withConfig({ 'service.jwt.registry_size': 2 }, async () => {
        const user = await t.createUser();
        const [oldest, middle, newest] = await issuedInTurn(user.id, 3);

        const evicted = await t.http
          .get(`${tokensOf(user.id)}/${oldest.id}`)
          .set(admin())
          .expect(200);
        expect(evicted.body).toMatchObject({ status: 'revoked', is_valid: false, revoke_reason: 'evicted' });
        expectProblem(await t.http.get('/api/v1/me').set(bearer(oldest.token)), 401, 'token_revoked');
        await t.http.get('/api/v1/me').set(bearer(middle.token)).expect(200);
        await t.http.get('/api/v1/me').set(bearer(newest.token)).expect(200);
      });
    });

    it('refuses a token beyond the registry size with 409 when service.jwt.registry_overflow is reject', async () => {
      await t.withConfig({ 'service.jwt.registry_size': 2, 'service.jwt.registry_overflow': 'reject' }, async () => {
        const user = await t.createUser();
        const first = await t.issueToken(user.id);
        await t.issueToken(user.id);

        const refused = await t.http.post(tokensOf(user.id)).set(admin()).send({}).expect(409);
        expect(refused.body.code).toBe('registry_full');
        await t.http.get('/api/v1/me').set(bearer(first.token)).expect(200);
        const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
        expect(list.body.total).toBe(2);
      });
    });

    it('lets exactly registry_size of many concurrent issues through', async () => {
      await t.withConfig({ 'service.jwt.registry_size': 2, 'service.jwt.registry_overflow': 'reject' }, async () => {
        const user = await t.createUser();

        const responses = await Promise.all(
          Array.from({ length: 5 }, () => t.http.post(tokensOf(user.id)).set(admin()).send({})),
        );
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toEqual([201, 201, 409, 409, 409]);

        const list = await t.http.get(tokensOf(user.id)).set(admin()).expect(200);
        const live = (list.body.items as { status: string }[]).filter((item) => item.status === 'active');
        expect(live).toHaveLength(2);
        expect(list.body.total).toBe(2);
      });
    });
  });

  describe('self-service', () => {
    it('lets a user issue, list and revoke their own tokens with their own access token', async () => {
      const user = await t.createUser();
      const own = bearer(user.token);
      const issued = await t.http.post(tokensOf(user.id)).set(own).send({ description: 'mine' }).expect(201);
      expect(issued.body.claims.sub).toBe(user.id);

      const list = await t.http.get(tokensOf(user.id)).set(own).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: issued.body.id, description: 'mine' })]);
      await t.http
        .get(`${tokensOf(user.id)}/${issued.body.id}`)
        .set(own)
        .expect(200);

      await t.http
        .delete(`${tokensOf(user.id)}/${issued.body.id}`)
        .set(own)
        .expect(204);
      expectProblem(await t.http.get('/api/v1/me').set(bearer(issued.body.token)), 401, 'token_revoked');
    });

    it("refuses a user another user's tokens with 403 access_denied, never 404", async () => {
      const user = await t.createUser();
      const other = await t.createUser();
      const theirs = await t.issueToken(other.id);
      const own = bearer(user.token);

      const attempts = [
        t.http.get(tokensOf(other.id)).set(own),
        t.http.post(tokensOf(other.id)).set(own).send({}),
        t.http.get(`${tokensOf(other.id)}/${theirs.id}`).set(own),
        t.http.post(`${tokensOf(other.id)}/${theirs.id}/refresh`).set(own),
        t.http.delete(`${tokensOf(other.id)}/${theirs.id}`).set(own),
        t.http.delete(tokensOf(other.id)).set(own),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('access_denied');
      }
      await t.http.get('/api/v1/me').set(bearer(theirs.token)).expect(200);
    });

    it("answers 404 for another user's token under one's own path, and leaves it untouched", async () => {
      const user = await t.createUser();
      const other = await t.createUser();
      const theirs = await t.issueToken(other.id, { refreshable: true });

      for (const caller of [bearer(user.token), admin()]) {
        const attempts = [
          t.http.get(`${tokensOf(user.id)}/${theirs.id}`).set(caller),
          t.http.get(`${tokensOf(user.id)}/${theirs.id}?fields=token`).set(caller),
          t.http.post(`${tokensOf(user.id)}/${theirs.id}/refresh`).set(caller),
          t.http.delete(`${tokensOf(user.id)}/${theirs.id}`).set(caller),
        ];
        for (const attempt of attempts) {
          const response = await attempt;
          expectProblem(response, 404, 'not_found');
          expect(JSON.stringify(response.body)).not.toContain(theirs.token);
        }
      }
      const entry = await t.http
        .get(`${tokensOf(other.id)}/${theirs.id}`)
        .set(admin())
        .expect(200);
      expect(entry.body).toMatchObject({ status: 'active', revoked_at: null });
      expect((await t.http.get(tokensOf(other.id)).set(admin()).expect(200)).body.total).toBe(1);
      await t.http.get('/api/v1/me').set(bearer(theirs.token)).expect(200);
    });
  });
});
