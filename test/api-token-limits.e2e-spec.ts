import type { Response } from 'supertest';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

/**
 * Token management by oneself needs a session token from a password login: an API token must not
 * mint a longer-lived token, read its owner's other raw tokens, or revoke them.
 */
describe('what an API (registry) token may do with registry tokens', () => {
  const t = useTestApp();

  const expectDenied = (response: Response, action: string, userId: string) => {
    expectProblem(response, 403, 'access_denied');
    expect(response.body.detail).toContain(`'${action}' on 'User:${userId}'`);
  };

  /** A user with a session token, and two refreshable registry tokens issued by the administrator. */
  const userWithApiTokens = async () => {
    const user = await createUser(t);
    const api = await issueToken(t, user.id, { expires_in: 60, refreshable: true });
    const other = await issueToken(t, user.id, { refreshable: true, description: 'other' });
    return { user, api, other, base: `/api/v1/users/${user.id}/tokens` };
  };

  it("a user's API token cannot issue, view raw, refresh or revoke registry tokens, but may list them", async () => {
    const { user, api, other, base } = await userWithApiTokens();
    const as = bearer(api.token);

    expectDenied(await t.http.post(base).set(as).send({ expires_in: 315_360_000 }), 'IssueToken', user.id);
    expectDenied(await t.http.get(`${base}?fields=token`).set(as), 'ViewToken', user.id);
    expectDenied(await t.http.get(`${base}?fields=signed_url`).set(as), 'ViewToken', user.id);
    expectDenied(await t.http.get(`${base}/${other.id}?fields=token`).set(as), 'ViewToken', user.id);
    expectDenied(await t.http.post(`${base}/${other.id}/refresh`).set(as), 'IssueToken', user.id);
    expectDenied(await t.http.post(`${base}/${api.id}/refresh`).set(as), 'IssueToken', user.id);
    expectDenied(await t.http.delete(`${base}/${other.id}`).set(as), 'RevokeToken', user.id);
    expectDenied(await t.http.delete(base).set(as), 'RevokeToken', user.id);

    const list = await t.http.get(base).set(as).expect(200);
    expect(list.body.items.map((entry: { id: string }) => entry.id).sort()).toEqual([api.id, other.id].sort());
    for (const entry of list.body.items) expect(entry).not.toHaveProperty('token');
    await t.http.get(`${base}/${other.id}`).set(as).expect(200);
    await t.http.get(`/api/v1/users/${user.id}`).set(as).expect(200);

    // Nothing was minted or revoked: both tokens still work, and the registry holds only them.
    await t.http.get('/api/v1/me').set(bearer(other.token)).expect(200);
    await t.http.get('/api/v1/me').set(as).expect(200);
    expect((await t.http.get(base).set(bearer(user.token)).expect(200)).body.total).toBe(2);
  });

  it('the same user with a session token can do all of it', async () => {
    const { user, other, base } = await userWithApiTokens();
    const as = bearer(user.token);

    const issued = await t.http.post(base).set(as).send({ refreshable: true }).expect(201);
    expect(issued.body.token).toEqual(expect.any(String));
    const raw = await t.http.get(`${base}?fields=token,signed_url`).set(as).expect(200);
    for (const entry of raw.body.items) expect(entry).toEqual(expect.objectContaining({ token: expect.any(String) }));
    await t.http.get(`${base}/${other.id}?fields=signed_url`).set(as).expect(200);
    const refreshed = await t.http.post(`${base}/${issued.body.id}/refresh`).set(as).expect(201);
    await t.http.delete(`${base}/${refreshed.body.id}`).set(as).expect(204);
    await t.http.delete(base).set(as).expect(204);
    expectProblem(await t.http.get('/api/v1/me').set(bearer(other.token)), 401, 'token_revoked');
  });

  it("an administrator's API token keeps every right (the administrator's allow-all is the explicit allowance)", async () => {
    const adminId = (await t.http.get('/api/v1/me').set(t.admin()).expect(200)).body.user.id as string;
    const adminApi = bearer((await issueToken(t, adminId, { refreshable: true })).token);
    const { other, base } = await userWithApiTokens();

    const issued = await t.http.post(base).set(adminApi).send({ refreshable: true }).expect(201);
    await t.http.get(`${base}?fields=token`).set(adminApi).expect(200);
    await t.http.get(`${base}/${other.id}?fields=signed_url`).set(adminApi).expect(200);
    const refreshed = await t.http.post(`${base}/${issued.body.id}/refresh`).set(adminApi).expect(201);
    await t.http.delete(`${base}/${refreshed.body.id}`).set(adminApi).expect(204);
    await t.http.delete(base).set(adminApi).expect(204);

    const own = await t.http.post(`/api/v1/users/${adminId}/tokens`).set(adminApi).send({}).expect(201);
    await t.http.get(`/api/v1/users/${adminId}/tokens/${own.body.id}?fields=token`).set(adminApi).expect(200);
    await t.http.delete(`/api/v1/users/${adminId}/tokens/${own.body.id}`).set(adminApi).expect(204);
  });

  it("an administrator's API token issues working tokens for itself and another user; another user's API token cannot", async () => {
    const adminId = (await t.http.get('/api/v1/me').set(t.admin()).expect(200)).body.user.id as string;
    const adminApi = bearer((await issueToken(t, adminId)).token);
    const { user, api } = await userWithApiTokens();
    const me = async (token: string) =>
      (await t.http.get('/api/v1/me').set(bearer(token)).expect(200)).body.user.id as string;

    for (const userId of [adminId, user.id]) {
      const issued = await t.http.post(`/api/v1/users/${userId}/tokens`).set(adminApi).send({}).expect(201);
      expect(await me(issued.body.token as string)).toBe(userId);
    }
    for (const userId of [user.id, adminId])
      expectDenied(
        await t.http.post(`/api/v1/users/${userId}/tokens`).set(bearer(api.token)).send({}),
        'IssueToken',
        userId,
      );
  });
});
