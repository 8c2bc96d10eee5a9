import { randomBytes } from 'node:crypto';
import { bearer } from './factories';
import type { AuditFilter, AuditRow } from './fixture';
import { claimsOf, useTestApp } from './fixture';

const NEW_PASSWORD = 'another-Horse-battery-7';
const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

/** Every security event leaves one audit row with who, whom, which token and why, written with the change. */
describe('audit rows of security events', () => {
  const t = useTestApp();

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });

  /** The one row matching `filter`, with every field the event defines; `at` is the (fake) time of the action. */
  async function expectOneRow(filter: AuditFilter, expected: Partial<AuditRow>): Promise<AuditRow> {
    const rows = await t.auditEvents(filter);
    expect(rows).toEqual([
      expect.objectContaining({ userId: null, actorId: null, jti: null, reason: null, at: t.clock.now(), ...expected }),
    ]);
    return rows[0];
  }

  /** Rows of a type that appeared while `action` ran (for events that name no user). */
  async function rowsDuring(filter: AuditFilter, action: () => Promise<unknown>): Promise<AuditRow[]> {
    const before = new Set((await t.auditEvents(filter)).map((row) => row.id));
    await action();
    return (await t.auditEvents(filter)).filter((row) => !before.has(row.id));
  }

  describe('logins', () => {
    it('records a successful login with the user as actor and the client address', async () => {
      const jane = await t.createUser();
      await expectOneRow(
        { type: 'login_succeeded', userId: jane.id },
        {
          userId: jane.id,
          actorId: jane.id,
          ip: expect.stringMatching(/127\.0\.0\.1|::1/),
          detail: { family_id: claimsOf(jane.token).fam },
        },
      );
    });

    it('records a wrong password as login_failed for that user, without an actor', async () => {
      const jane = await t.createUser();
      await login(jane.username, 'Not-the-password-42').expect(401);
      await expectOneRow(
        { type: 'login_failed', userId: jane.id },
        { userId: jane.id, ip: expect.any(String), reason: 'invalid_credentials', detail: {} },
      );
    });

    it('records an unknown username as login_failed without a user', async () => {
      const rows = await rowsDuring({ type: 'login_failed', userId: null }, () =>
        login(unique('nobody'), 'Not-the-password-42').expect(401),
      );
      expect(rows).toEqual([
        expect.objectContaining({
          userId: null,
          actorId: null,
          reason: 'invalid_credentials',
          detail: {},
        }),
      ]);
    });

    it('records a blocked account logging in as login_failed with reason account_blocked', async () => {
      const blocked = await t.createUser({ status: 'blocked' });
      await expectOneRow(
        { type: 'login_failed', userId: blocked.id },
        { userId: blocked.id, ip: expect.any(String), reason: 'account_blocked', detail: {} },
      );
      expect(await t.auditEvents({ type: 'login_succeeded', userId: blocked.id })).toEqual([]);
    });
  });

  describe('registry tokens', () => {
    it('records an issued token with its jti, owner, actor and terms', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id, { expires_in: 3600, refreshable: true });
      await expectOneRow(
        { type: 'token_issued', jti: issued.id },
        {
          userId: jane.id,
          actorId: t.adminId(),
          jti: issued.id,
          detail: { expires_at: issued.expires_at, refreshable: true, revocable: true },
        },
      );
    });

    it('records a token a user issues for themselves with the user as actor', async () => {
      const jane = await t.createUser();
      const issued = await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(bearer(jane.token)).send({}).expect(201);
      await expectOneRow(
        { type: 'token_issued', jti: issued.body.id },
        { userId: jane.id, actorId: jane.id, jti: issued.body.id, detail: expect.any(Object) },
      );
    });

    it('records a refresh under the new jti, naming the previous one', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id, { refreshable: true });
      const refreshed = await t.http
        .post(`/api/v1/users/${jane.id}/tokens/${issued.id}/refresh`)
        .set(t.admin())
        .expect(201);
      await expectOneRow(
        { type: 'token_refreshed', userId: jane.id },
        {
          userId: jane.id,
          actorId: t.adminId(),
          jti: refreshed.body.id,
          reason: 'refreshed',
          detail: { previous_jti: issued.id },
        },
      );
    });

    it('records a revocation with the jti, the actor and reason revoked', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id);
      await t.http.delete(`/api/v1/users/${jane.id}/tokens/${issued.id}`).set(bearer(jane.token)).expect(204);
      await expectOneRow(
        { type: 'token_revoked', jti: issued.id },
        { userId: jane.id, actorId: jane.id, jti: issued.id, reason: 'revoked', detail: {} },
      );
    });

    it('records one revocation per live token when the whole registry is revoked, none for an already revoked one', async () => {
      const jane = await t.createUser();
      const first = await t.issueToken(jane.id);
      const second = await t.issueToken(jane.id);
      const earlier = await t.issueToken(jane.id);
      await t.http.delete(`/api/v1/users/${jane.id}/tokens/${earlier.id}`).set(t.admin()).expect(204);
      t.clock.advance(1);
      await t.http.delete(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).expect(204);

      const rows = await t.auditEvents({ type: 'token_revoked', userId: jane.id });
      expect(rows.map((row) => row.jti).sort()).toEqual([first.id, second.id, earlier.id].sort());
      for (const jti of [first.id, second.id])
        await expectOneRow(
          { type: 'token_revoked', jti },
          { userId: jane.id, actorId: t.adminId(), jti, reason: 'revoked', detail: {} },
        );
    });

    it('records an eviction at a full registry as token_evicted for the evicted jti', async () => {
      const jane = await t.createUser();
      await t.withConfig({ 'service.jwt.registry_size': 1 }, async () => {
        const oldest = await t.issueToken(jane.id);
        const newest = await t.issueToken(jane.id);
        await expectOneRow(
          { type: 'token_evicted', userId: jane.id },
          { userId: jane.id, actorId: t.adminId(), jti: oldest.id, reason: 'evicted', detail: {} },
        );
        expect(await t.auditEvents({ type: 'token_revoked', userId: jane.id })).toEqual([]);
        await expectOneRow(
          { type: 'token_issued', jti: newest.id },
          { userId: jane.id, actorId: t.adminId(), jti: newest.id, detail: expect.any(Object) },
        );
      });
    });

    it('records nothing for a refused issue', async () => {
      const jane = await t.createUser();
      await t.http.post(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).send({ revocable: false }).expect(400);
      expect(await t.auditEvents({ type: 'token_issued', userId: jane.id })).toEqual([]);
    });
  });

  describe('account changes', () => {
    const newRole = async () => {
      const slug = unique('role-');
      await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Role' }).expect(201);
      return slug;
    };

    it('records a created user with the actor, its username and roles', async () => {
      const jane = await t.createUser();
      await expectOneRow(
        { type: 'user_changed', userId: jane.id, reason: 'created' },
        { userId: jane.id, actorId: t.adminId(), reason: 'created', detail: { username: jane.username, roles: [] } },
      );
    });

    it('records an update with the fields sent, and each revocation it causes with its reason', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id);
      t.clock.advance(1);
      await t.http.patch(`/api/v1/users/${jane.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
      await expectOneRow(
        { type: 'user_changed', userId: jane.id, reason: 'updated' },
        { userId: jane.id, actorId: t.adminId(), reason: 'updated', detail: { fields: ['status'] } },
      );
      await expectOneRow(
        { type: 'token_revoked', jti: issued.id },
        { userId: jane.id, actorId: t.adminId(), jti: issued.id, reason: 'account_blocked', detail: {} },
      );
    });

    it.each([
      ['an email change', () => Promise.resolve({ email: `${unique('e')}@example.org` }), 'email_changed'],
      ['a role change', async () => ({ roles: [await newRole()] }), 'roles_changed'],
    ])('records the revocation %s causes with its reason', async (_name, change, reason) => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id);
      const body = await change();
      t.clock.advance(1);
      await t.http.patch(`/api/v1/users/${jane.id}`).set(t.admin()).send(body).expect(200);
      await expectOneRow(
        { type: 'token_revoked', jti: issued.id },
        { userId: jane.id, actorId: t.adminId(), jti: issued.id, reason, detail: {} },
      );
    });

    it('records a password change and the revocation it causes, with the user as actor', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id);
      t.clock.advance(1);
      await t.http
        .put(`/api/v1/users/${jane.id}/password`)
        .set(bearer(jane.token))
        .send({ new_password: NEW_PASSWORD, current_password: jane.password })
        .expect(200);
      await expectOneRow(
        { type: 'user_changed', userId: jane.id, reason: 'password_changed' },
        { userId: jane.id, actorId: jane.id, reason: 'password_changed', detail: {} },
      );
      await expectOneRow(
        { type: 'token_revoked', jti: issued.id },
        { userId: jane.id, actorId: jane.id, jti: issued.id, reason: 'password_changed', detail: {} },
      );
    });

    it('records a deleted user and the revocation of its tokens with reason account_deleted', async () => {
      const jane = await t.createUser();
      const issued = await t.issueToken(jane.id);
      t.clock.advance(1);
      await t.http.delete(`/api/v1/users/${jane.id}`).set(t.admin()).expect(204);
      await expectOneRow(
        { type: 'user_changed', userId: jane.id, reason: 'deleted' },
        { userId: jane.id, actorId: t.adminId(), reason: 'deleted', detail: { username: jane.username } },
      );
      await expectOneRow(
        { type: 'token_revoked', jti: issued.id },
        { userId: jane.id, actorId: t.adminId(), jti: issued.id, reason: 'account_deleted', detail: {} },
      );
    });

    it('records nothing for a refused change', async () => {
      const jane = await t.createUser();
      const john = await t.createUser();
      const issued = await t.issueToken(jane.id);
      await t.http
        .patch(`/api/v1/users/${jane.id}`)
        .set(t.admin())
        .send({ email: `${john.username}@example.com` })
        .expect(409);
      expect(await t.auditEvents({ type: 'user_changed', userId: jane.id, reason: 'updated' })).toEqual([]);
      expect(await t.auditEvents({ type: 'token_revoked', jti: issued.id })).toEqual([]);
    });

    it('records role creation, update and deletion with the actor and the slug', async () => {
      const slug = unique('auditors-');
      const ofRole = (rows: AuditRow[]) => rows.filter((row) => row.detail.role === slug);
      const expectRoleRow = async (reason: string) =>
        expect(ofRole(await t.auditEvents({ type: 'user_changed', reason }))).toEqual([
          expect.objectContaining({ userId: null, actorId: t.adminId(), jti: null, reason, detail: { role: slug } }),
        ]);

      await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Auditors' }).expect(201);
      await expectRoleRow('role_created');
      await t.http.patch(`/api/v1/roles/${slug}`).set(t.admin()).send({ name: 'Senior auditors' }).expect(200);
      await expectRoleRow('role_updated');
      await t.http.delete(`/api/v1/roles/${slug}`).set(t.admin()).expect(204);
      await expectRoleRow('role_deleted');
    });
  });

  describe('configuration', () => {
    it('records an option change with the actor, the key and its new value, and the reset to the lower layer', async () => {
      const key = 'service.jwt.registry_size';
      const set = await rowsDuring({ type: 'config_changed' }, () =>
        t.http.put(`/api/v1/config/${key}`).set(t.admin()).send({ value: 7 }).expect(200),
      );
      expect(set).toEqual([
        expect.objectContaining({ actorId: t.adminId(), userId: null, detail: { keys: [key], values: { [key]: 7 } } }),
      ]);
      const reset = await rowsDuring({ type: 'config_changed' }, () =>
        t.http.delete(`/api/v1/config/${key}`).set(t.admin()).expect(204),
      );
      expect(reset).toEqual([
        expect.objectContaining({ actorId: t.adminId(), detail: { keys: [key], values: { [key]: null } } }),
      ]);
    });

    it('records a ConfigPress replacement as one change naming every key it changed', async () => {
      const rows = await rowsDuring({ type: 'config_changed' }, async () => {
        await t.http
          .put('/api/v1/configpress')
          .set(t.admin())
          .set('content-type', 'text/plain')
          .send('service.jwt.registry_size = 5\nservice.jwt.registry_overflow = reject\n')
          .expect(200);
      });
      try {
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ actorId: t.adminId(), at: t.clock.now() });
        expect([...(rows[0].detail.keys as string[])].sort()).toEqual([
          'service.jwt.registry_overflow',
          'service.jwt.registry_size',
        ]);
        expect(rows[0].detail.values).toEqual({
          'service.jwt.registry_size': 5,
          'service.jwt.registry_overflow': 'reject',
        });
      } finally {
        await t.http.put('/api/v1/configpress').set(t.admin()).set('content-type', 'text/plain').send('').expect(200);
      }
    });

    it('records nothing for a refused or unchanged value', async () => {
      const key = 'service.jwt.registry_size';
      const rows = await rowsDuring({ type: 'config_changed' }, async () => {
        await t.http.put(`/api/v1/config/${key}`).set(t.admin()).send({ value: 0 }).expect(400);
        await t.http.delete(`/api/v1/config/${key}`).set(t.admin()).expect(204);
      });
      expect(rows).toEqual([]);
    });
  });
});
