import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../src/common/error-codes';
import type { CreatedUser } from './factories';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const NEW_PASSWORD = 'another-Horse-battery-7';

describe('automatic revocation on account changes', () => {
  const t = useTestApp();

  /** A user with a session access token and two registry tokens, all issued a second or two before whatever the test changes. */
  async function userWithTokens(): Promise<{ user: CreatedUser; api: string[]; jtis: string[] }> {
    const user = await t.createUser();
    const issued = [await t.issueToken(user.id), await t.issueToken(user.id, { description: 'second' })];
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    for (const { token } of issued) await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    t.clock.advance(2);
    return { user, api: issued.map((i) => i.token), jtis: issued.map((i) => i.id) };
  }

  /** 401 with the RFC 6750 challenge and the code that says why. */
  const expectRefused = async (token: string, code: ErrorCode) => {
    const response = await t.http.get('/api/v1/me').set(bearer(token));
    expectProblem(response, 401, code);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  };

  const expectRegistry = async (userId: string, jtis: string[], expected: Record<string, unknown>) => {
    const list = await t.http.get(`/api/v1/users/${userId}/tokens`).set(t.admin()).expect(200);
    const entries = list.body.items.filter((entry: { id: string }) => jtis.includes(entry.id));
    expect(entries).toHaveLength(jtis.length);
    for (const entry of entries) expect(entry).toEqual(expect.objectContaining(expected));
  };

  const revokedFor = (reason: string) => ({
    status: 'revoked',
    is_valid: false,
    revoke_reason: reason,
    revoked_at: expect.any(String),
  });

  it('requires the current password to change your own (400 invalid_current_password) and changes nothing without it', async () => {
    const { user, api } = await userWithTokens();
    const path = `/api/v1/users/${user.id}/password`;

    const missing = await t.http.put(path).set(bearer(user.token)).send({ new_password: NEW_PASSWORD });
    expectProblem(missing, 400, 'invalid_current_password');
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'current_password' })]);
    const wrong = await t.http
      .put(path)
      .set(bearer(user.token))
      .send({ new_password: NEW_PASSWORD, current_password: 'Not-my-password-1' });
    expectProblem(wrong, 400, 'invalid_current_password');

    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    await t.http.get('/api/v1/me').set(bearer(api[0])).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
  });

  it('changing your own password returns a fresh session and refuses the old access token and every registry token', async () => {
    const { user, api, jtis } = await userWithTokens();
    const response = await t.http
      .put(`/api/v1/users/${user.id}/password`)
      .set(bearer(user.token))
      .send({ new_password: NEW_PASSWORD, current_password: user.password })
      .expect(200);
    expect(response.body).toEqual({
      user: expect.objectContaining({ id: user.id }),
      session: expect.objectContaining({
        token_type: 'Bearer',
        access_token: expect.any(String),
        expires_in: expect.any(Number),
      }),
    });

    const me = await t.http.get('/api/v1/me').set(bearer(response.body.session.access_token)).expect(200);
    expect(me.body.user.id).toBe(user.id);
    await expectRefused(user.token, 'token_revoked');
    for (const token of api) await expectRefused(token, 'token_revoked');
    await expectRegistry(user.id, jtis, revokedFor('password_changed'));

    expectProblem(
      await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }),
      401,
      'invalid_credentials',
    );
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: NEW_PASSWORD }).expect(200);
  });

  it("an administrator changing another user's password needs no current password and revokes that user's tokens", async () => {
    const { user, api, jtis } = await userWithTokens();
    const response = await t.http
      .put(`/api/v1/users/${user.id}/password`)
      .set(t.admin())
      .send({ new_password: NEW_PASSWORD })
      .expect(200);
    expect(response.body.user.id).toBe(user.id);
    expect(response.body.session).toBeUndefined();

    await expectRefused(user.token, 'token_revoked');
    for (const token of api) await expectRefused(token, 'token_revoked');
    await expectRegistry(user.id, jtis, revokedFor('password_changed'));
    await t.http.get('/api/v1/me').set(t.admin()).expect(200);

    t.clock.advance(1);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: NEW_PASSWORD })
      .expect(200);
    await t.http.get('/api/v1/me').set(bearer(login.body.access_token)).expect(200);
  });

  it.each<[string, () => Record<string, unknown>, string, ErrorCode]>([
    [
      'an email change',
      () => ({ email: `${randomBytes(4).toString('hex')}@example.org` }),
      'email_changed',
      'token_revoked',
    ],
    ['a role change', () => ({ roles: ['administrator'] }), 'roles_changed', 'token_revoked'],
    ['blocking the account', () => ({ status: 'blocked' }), 'account_blocked', 'token_account_blocked'],
  ])(
    '%s revokes every registry token of the account and refuses its tokens on the next request',
    async (_name, change, reason, accessCode) => {
      const { user, api, jtis } = await userWithTokens();
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send(change()).expect(200);

      await expectRegistry(user.id, jtis, revokedFor(reason));
      await expectRefused(user.token, accessCode);
      for (const token of api) await expectRefused(token, 'token_revoked');
    },
  );

  it('revokes irrevocable registry tokens too when the account changes (only their own expiry ends them otherwise)', async () => {
    await t.withConfig({ 'service.jwt.allow_irrevocable': true }, async () => {
      const user = await t.createUser();
      const stateless = await t.issueToken(user.id, { revocable: false });
      t.clock.advance(2);
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);

      await expectRegistry(user.id, [stateless.id], revokedFor('account_blocked'));
      await expectRefused(stateless.token, 'token_account_blocked');
      // Revoking it again is a no-op, not a refusal to revoke an irrevocable token.
      await t.http.delete(`/api/v1/users/${user.id}/tokens/${stateless.id}`).set(t.admin()).expect(204);
      await expectRegistry(user.id, [stateless.id], revokedFor('account_blocked'));
    });
  });

  it('sending the email and roles an account already has revokes nothing', async () => {
    const { user, api, jtis } = await userWithTokens();
    const current = (await t.http.get(`/api/v1/users/${user.id}`).set(t.admin()).expect(200)).body;
    await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(t.admin())
      .send({ email: current.email, roles: current.roles })
      .expect(200);

    await expectRegistry(user.id, jtis, { status: 'active', is_valid: true, revoke_reason: null });
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    for (const token of api) await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('a display name change revokes nothing', async () => {
    const { user, api, jtis } = await userWithTokens();
    await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ display_name: 'Renamed' }).expect(200);

    await expectRegistry(user.id, jtis, { status: 'active', is_valid: true, revoke_reason: null });
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    for (const token of api) await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('deleting the account refuses its access and registry tokens on the next request', async () => {
    const { user, api } = await userWithTokens();
    await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);

    await expectRefused(user.token, 'account_not_found');
    for (const token of api) await expectRefused(token, 'token_revoked');
  });

  // The API cannot list a deleted user's tokens, and they are refused anyway (the account is gone),
  // so the revocation is read from the registry table and the audit trail.
  it('deleting the account revokes its registry tokens in the same change, with reason account_deleted', async () => {
    const { user, jtis } = await userWithTokens();
    await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);

    for (const jti of jtis) {
      expect(await t.registryRow(jti)).toMatchObject({
        userId: user.id,
        revokedAt: t.clock.now(),
        revokeReason: 'account_deleted',
      });
      expect(await t.auditEvents({ type: 'token_revoked', jti })).toEqual([
        expect.objectContaining({ userId: user.id, actorId: t.adminId(), reason: 'account_deleted' }),
      ]);
    }
  });

  it('leaves tokens working after an email change when service.revocation.email_changed is off', async () => {
    await t.withConfig({ 'service.revocation.email_changed': false }, async () => {
      const { user, api, jtis } = await userWithTokens();
      const changed = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(t.admin())
        .send({ email: `${randomBytes(4).toString('hex')}@example.org` })
        .expect(200);
      expect(changed.body.email).toMatch(/@example\.org$/);

      await expectRegistry(user.id, jtis, { status: 'active', is_valid: true, revoke_reason: null });
      await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
      for (const token of api) await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    });
  });

  describe('with a trigger switched off in service.revocation.*', () => {
    it.each([
      [
        'an administrator setting a new password',
        'password_changed',
        (id: string) => t.http.put(`/api/v1/users/${id}/password`).set(t.admin()).send({ new_password: NEW_PASSWORD }),
      ],
      [
        'a role change',
        'roles_changed',
        (id: string) =>
          t.http
            .patch(`/api/v1/users/${id}`)
            .set(t.admin())
            .send({ roles: ['administrator'] }),
      ],
    ])('leaves registry tokens active and working after %s (%s off)', async (_name, trigger, change) => {
      await t.withConfig({ [`service.revocation.${trigger}`]: false }, async () => {
        const { user, api, jtis } = await userWithTokens();
        await change(user.id).expect(200);

        await expectRegistry(user.id, jtis, {
          status: 'active',
          is_valid: true,
          revoked_at: null,
          revoke_reason: null,
        });
        await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
        for (const token of api) await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
      });
    });

    it('leaves registry entries unrevoked when a block does not revoke (account_blocked off), though the blocked account is refused', async () => {
      await t.withConfig({ 'service.revocation.account_blocked': false }, async () => {
        const { user, api, jtis } = await userWithTokens();
        await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);

        await expectRegistry(user.id, jtis, { status: 'active', revoked_at: null, revoke_reason: null });
        for (const token of [user.token, ...api]) await expectRefused(token, 'token_account_blocked');
      });
    });

    it('leaves registry rows unrevoked when a deletion does not revoke (account_deleted off)', async () => {
      await t.withConfig({ 'service.revocation.account_deleted': false }, async () => {
        const { user, api, jtis } = await userWithTokens();
        await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);

        for (const jti of jtis) expect(await t.registryRow(jti)).toMatchObject({ revokedAt: null, revokeReason: null });
        expect(await t.auditEvents({ type: 'token_revoked', userId: user.id })).toEqual([]);
        for (const token of [user.token, ...api]) await expectRefused(token, 'account_not_found');
      });
    });
  });
});
