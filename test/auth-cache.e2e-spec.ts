import type { DataSource } from 'typeorm';
import { SessionFamily } from '../src/sessions/session-family.entity';
import { RegistryToken } from '../src/tokens/token.entity';
import { User } from '../src/users/user.entity';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

/** The SQL the app sends while `work` runs, without the config reload job's (it runs on its own timer). */
async function queriesDuring(dataSource: DataSource, work: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const spy = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((query: string) => {
    if (!/config_values/.test(query)) seen.push(query);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

describe('authentication caches', () => {
  const t = useTestApp();
  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));

  it('answers authenticated requests in the steady state without asking the database', async () => {
    const user = await t.createUser();
    const { token } = await t.issueToken(user.id);
    await me(user.token).expect(200);
    await me(token).expect(200);

    const queries = await queriesDuring(t.dataSource, async () => {
      for (let i = 0; i < 10; i += 1) {
        await me(user.token).expect(200);
        await me(token).expect(200);
      }
    });
    // Neither authentication (registry entry, session, account) nor /me itself (the same account).
    expect(queries).toEqual([]);
  });

  it('feels each change on the very next request: token revoked, session ended, account blocked, profile edited', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    const other = await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password });
    for (const token of [user.token, issued.token, other.body.access_token as string]) await me(token).expect(200);

    await t.http.delete(`/api/v1/users/${user.id}/tokens/${issued.id}`).set(t.admin()).expect(204);
    expectProblem(await me(issued.token), 401, 'token_revoked');

    const sessions = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(t.admin()).expect(200);
    const second = sessions.body.items.find((s: { status: string }) => s.status === 'active');
    await t.http.delete(`/api/v1/users/${user.id}/sessions/${second.id}`).set(t.admin()).expect(204);
    const ended = [user.token, other.body.access_token as string];
    const refused = await Promise.all(ended.map((token) => me(token)));
    expect(refused.map((r) => r.status).sort()).toEqual([200, 401]);
    const live = ended[refused.findIndex((r) => r.status === 200)];

    await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ display_name: 'Renamed' }).expect(200);
    expect((await me(live).expect(200)).body.user.display_name).toBe('Renamed');

    await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
    expectProblem(await me(live), 401, 'token_account_blocked');
  });

  it('refuses a registry token replaced by its refresh, and a deleted account, on the next request', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id, { refreshable: true });
    await me(issued.token).expect(200);
    await t.http.post(`/api/v1/users/${user.id}/tokens/${issued.id}/refresh`).set(t.admin()).expect(201);
    expectProblem(await me(issued.token), 401, 'token_revoked');

    await me(user.token).expect(200);
    await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);
    expectProblem(await me(user.token), 401, 'account_not_found');
  });

  it('sees a role change that revokes nothing on the next request: roles and policy decisions follow', async () => {
    await t.withConfig({ 'service.revocation.roles_changed': false }, async () => {
      const user = await t.createUser();
      await t.http.get('/api/v1/users').set(bearer(user.token)).expect(403);
      await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(t.admin())
        .send({ roles: ['administrator'] })
        .expect(200);
      expect((await me(user.token).expect(200)).body.roles).toEqual(['administrator']);
      await t.http.get('/api/v1/users').set(bearer(user.token)).expect(200);
    });
  });

  it('trusts what it cached for service.cache.ttl seconds when a change bypasses it (another instance without Redis), then reads again', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    await me(issued.token).expect(200);
    await me(user.token).expect(200);

    const now = t.clock.now();
    await t.dataSource
      .getRepository(RegistryToken)
      .update({ jti: issued.id }, { revokedAt: now, revokeReason: 'revoked' });
    await t.dataSource
      .getRepository(SessionFamily)
      .update({ userId: user.id }, { revokedAt: now, revokeReason: 'revoked' });
    await me(issued.token).expect(200);
    await me(user.token).expect(200);

    t.clock.advance(31);
    expectProblem(await me(issued.token), 401, 'token_revoked');
    expectProblem(await me(user.token), 401, 'token_revoked');
  });

  it('with service.cache.ttl 0 reads the database on every request', async () => {
    await t.withConfig({ 'service.cache.ttl': 0 }, async () => {
      const user = await t.createUser();
      await me(user.token).expect(200);
      await t.dataSource.getRepository(User).update({ id: user.id }, { status: 'blocked' });
      expectProblem(await me(user.token), 401, 'token_account_blocked');
    });
  });
});
