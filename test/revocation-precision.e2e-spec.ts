import { randomBytes, randomUUID } from 'node:crypto';
import { Transactions } from '../src/database/transactions';
import { SigningService } from '../src/keys/signing.service';
import type { CreatedUser } from './factories';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

/** Random, so no password-strength estimator can call it guessable. */
const NEW_PASSWORD = `${randomBytes(12).toString('base64url')}-Tq9`;

/**
 * The fake clock never moves in this file: every token, change and login happens in the same
 * millisecond, so only the credential epoch can tell "before the change" from "after".
 */
describe('revocation precision: a change refuses every token from before it and none from after it', () => {
  const t = useTestApp();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = t.admin();
    await t.http.post('/api/v1/roles').set(admin).send({ slug: 'auditor', name: 'Auditor' }).expect(201);
    await t.http.put('/api/v1/config/service.jwt.allow_irrevocable').set(admin).send({ value: true }).expect(200);
  });

  const login = async (username: string, password: string): Promise<string> =>
    (await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200)).body.access_token as string;

  const expectWorks = (token: string) => t.http.get('/api/v1/me').set(bearer(token)).expect(200);
  const expectRevoked = async (token: string) =>
    expectProblem(await t.http.get('/api/v1/me').set(bearer(token)), 401, 'token_revoked');

  /** A session token and an irrevocable registry token (no registry lookup: only the epoch can stop it). */
  const tokensOf = async (user: CreatedUser, password = user.password) => ({
    session: await login(user.username, password),
    irrevocable: (await issueToken(t, user.id, { revocable: false })).token,
  });

  const changes: [string, (user: CreatedUser) => Promise<unknown>, string | null][] = [
    [
      'an administrator sets the password',
      (user) =>
        t.http.put(`/api/v1/users/${user.id}/password`).set(admin).send({ new_password: NEW_PASSWORD }).expect(200),
      NEW_PASSWORD,
    ],
    [
      'the user changes its own password',
      (user) =>
        t.http
          .put(`/api/v1/users/${user.id}/password`)
          .set(bearer(user.token))
          .send({ new_password: NEW_PASSWORD, current_password: user.password })
          .expect(200),
      NEW_PASSWORD,
    ],
    [
      'the email changes',
      (user) =>
        t.http
          .patch(`/api/v1/users/${user.id}`)
          .set(admin)
          .send({ email: `${randomBytes(4).toString('hex')}@example.org` })
          .expect(200),
      null,
    ],
    [
      'the roles change',
      (user) =>
        t.http
          .patch(`/api/v1/users/${user.id}`)
          .set(admin)
          .send({ roles: ['auditor'] })
          .expect(200),
      null,
    ],
    [
      'the account is blocked and unblocked',
      async (user) => {
        await t.http.patch(`/api/v1/users/${user.id}`).set(admin).send({ status: 'blocked' }).expect(200);
        await t.http.patch(`/api/v1/users/${user.id}`).set(admin).send({ status: 'active' }).expect(200);
      },
      null,
    ],
  ];

  it.each(changes)('when %s within the same millisecond', async (_name, change, newPassword) => {
    const user = await createUser(t);
    const before = await tokensOf(user);
    await expectWorks(before.session);
    await expectWorks(before.irrevocable);

    await change(user);

    await expectRevoked(user.token);
    await expectRevoked(before.session);
    await expectRevoked(before.irrevocable);
    const after = await tokensOf(user, newPassword ?? user.password);
    await expectWorks(after.session);
    await expectWorks(after.irrevocable);
  });

  it('the session returned by changing your own password works; the token that asked for it does not', async () => {
    const user = await createUser(t);
    const changed = await t.http
      .put(`/api/v1/users/${user.id}/password`)
      .set(bearer(user.token))
      .send({ new_password: NEW_PASSWORD, current_password: user.password })
      .expect(200);
    await expectWorks(changed.body.session.access_token);
    await expectRevoked(user.token);
  });

  it('a registry token re-signed on demand or refreshed after a change carries the epoch it was issued under', async () => {
    const user = await createUser(t);
    const old = await issueToken(t, user.id, { refreshable: true });
    await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(admin)
      .send({ roles: ['auditor'] })
      .expect(200);
    const fresh = await issueToken(t, user.id, { refreshable: true });

    const view = async (jti: string) =>
      (await t.http.get(`/api/v1/users/${user.id}/tokens/${jti}?fields=token`).set(admin).expect(200)).body
        .token as string;
    expectProblem(await t.http.get('/api/v1/me').set(bearer(await view(old.id))), 401, 'token_revoked');
    await expectWorks(await view(fresh.id));
    const refreshed = await t.http.post(`/api/v1/users/${user.id}/tokens/${fresh.id}/refresh`).set(admin).expect(201);
    expect(refreshed.body.claims.cep).toBe(fresh.claims.cep);
    await expectWorks(refreshed.body.token);
  });

  it('with a revocation trigger switched off, the change moves no epoch: tokens from before it keep working', async () => {
    const key = '/api/v1/config/service.revocation.email_changed';
    await t.http.put(key).set(admin).send({ value: false }).expect(200);
    try {
      const user = await createUser(t);
      const before = await tokensOf(user);
      await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(admin)
        .send({ email: `${randomBytes(4).toString('hex')}@example.org` })
        .expect(200);
      await expectWorks(user.token);
      await expectWorks(before.session);
      await expectWorks(before.irrevocable);
    } finally {
      await t.http.delete(key).set(admin).expect(204);
    }
  });

  it('cep is a reserved claim: additional claims cannot set it', async () => {
    const user = await createUser(t);
    const response = await t.http
      .post(`/api/v1/users/${user.id}/tokens`)
      .set(admin)
      .send({ additional_claims: { cep: 99 } });
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'additional_claims', message: expect.stringContaining('cep') }),
    ]);
  });

  describe("a change of the caller's credentials between its authentication and the registry's row lock", () => {
    /**
     * Makes `change` commit after the next request has been authenticated and authorized, just
     * before its transaction takes the registry's row locks: the window a real race would need.
     */
    const beforeNextTransaction = (change: () => Promise<unknown>) => {
      const transactions = t.app.get(Transactions);
      const run = transactions.run.bind(transactions);
      return jest.spyOn(transactions, 'run').mockImplementationOnce(async (work) => {
        await change();
        return run(work);
      });
    };

    const setPassword = (user: CreatedUser) => () =>
      t.http.put(`/api/v1/users/${user.id}/password`).set(admin).send({ new_password: NEW_PASSWORD }).expect(200);

    it.each<[string, 'owner' | 'administrator', 'issue' | 'refresh']>([
      ['the owner issuing itself a token', 'owner', 'issue'],
      ['an administrator issuing a token for another user', 'administrator', 'issue'],
      ["an administrator refreshing another user's token", 'administrator', 'refresh'],
    ])('refuses %s, and mints nothing', async (_case, callerKind, what) => {
      const owner = await createUser(t);
      const caller = callerKind === 'owner' ? owner : await createUser(t, { roles: ['administrator'] });
      const refreshable = await issueToken(t, owner.id, { refreshable: true });
      const base = `/api/v1/users/${owner.id}/tokens`;
      const spy = beforeNextTransaction(setPassword(caller));

      const response = await (what === 'issue'
        ? t.http.post(base).set(bearer(caller.token)).send({})
        : t.http.post(`${base}/${refreshable.id}/refresh`).set(bearer(caller.token)));

      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
      expectProblem(response, 401, 'token_revoked');
      // Only the token from before, not refreshed (the owner's own password change revoked it).
      const { items } = (await t.http.get(base).set(admin).expect(200)).body;
      expect(items).toEqual([expect.objectContaining({ id: refreshable.id })]);
      expect(items[0].revoke_reason).toBe(callerKind === 'owner' ? 'password_changed' : null);
    });
  });

  describe('a token signed before credential epochs existed (no cep)', () => {
    /** Claims as signed before epochs existed (no cep), in the session `fam` names, so only the epoch rule judges it. */
    const legacyToken = (user: CreatedUser, fam = claimsOf(user.token).fam as string): string => {
      const iat = t.clock.nowSeconds();
      return t.app.get(SigningService).sign(
        {
          jti: randomUUID(),
          sub: user.id,
          iat,
          exp: iat + 900,
          iss: 'jwt-access-manager',
          aud: 'api',
          token_use: 'access',
          refreshable: false,
          revocable: true,
          fam,
        },
        'at+jwt',
      );
    };

    it('works for an account that has not changed since it was created', async () => {
      const user = await createUser(t);
      await expectWorks(legacyToken(user));
    });

    it('is refused once the account changes', async () => {
      const user = await createUser(t);
      const legacy = legacyToken(user);
      await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(admin)
        .send({ roles: ['auditor'] })
        .expect(200);
      t.clock.advance(5);
      await expectRevoked(legacy);
      // In a session started after the change: only the epoch rule (epoch no longer 0) refuses it.
      const login = await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password });
      await expectRevoked(legacyToken(user, claimsOf(login.body.access_token).fam as string));
    });
  });
});
