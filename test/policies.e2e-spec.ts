import { bearer } from './factories';
import { errorFields, expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

const LIST_USERS = { Statement: { Effect: 'allow', Resource: 'User:*', Action: 'List' } };

/** Access policies through HTTP: storage, attachment at every level, and the guard deciding by them. */
describe('access policies', () => {
  const t = useTestApp();

  const createPolicy = async (name: string, document: unknown) => {
    const created = await t.http.post('/api/v1/policies').set(t.admin()).send({ name, document });
    if (created.status !== 201) throw new Error(`createPolicy: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { id: string; warnings: { path: string; message: string }[] };
  };
  let names = 0;
  const uniqueName = (base: string) => `${base}-${(names += 1)}`;
  const listUsers = (token: string) => t.http.get('/api/v1/users').set(bearer(token));

  it('is seeded with administrator (for the administrator role) and self-service (by default)', async () => {
    const list = await t.http.get('/api/v1/policies').set(t.admin()).expect(200);
    const names = list.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['administrator', 'self-service']));

    const user = await t.createUser();
    const effective = await t.http.get(`/api/v1/users/${user.id}/effective-policy`).set(t.admin()).expect(200);
    expect(new Set(effective.body.statements.map((s: { policy_name: string }) => s.policy_name))).toEqual(
      new Set(['self-service']),
    );
    expect(effective.body.statements.every((s: { level: string }) => s.level === 'default')).toBe(true);

    const admin = await t.http.get(`/api/v1/users/${t.adminId()}/effective-policy`).set(t.admin()).expect(200);
    expect(admin.body.statements).toContainEqual(
      expect.objectContaining({ policy_name: 'administrator', level: 'role', role: 'administrator' }),
    );
  });

  it('GET /me lists the policies that apply to the caller, in evaluation order', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('mine'), LIST_USERS);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    const me = await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
    expect(me.body.policies).toEqual([
      { id: expect.any(String), name: 'self-service', level: 'default' },
      { id: policy.id, name: expect.stringMatching(/^mine-/), level: 'user' },
    ]);
    const admin = await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    expect(admin.body.policies).toContainEqual(
      expect.objectContaining({ name: 'administrator', level: 'role', role: 'administrator' }),
    );
  });

  it('a user with no policy of their own gets only self-service', async () => {
    const user = await t.createUser();
    await t.http.get(`/api/v1/users/${user.id}`).set(bearer(user.token)).expect(200);
    await t.http.get(`/api/v1/users/${user.id}/tokens`).set(bearer(user.token)).expect(200);
    const other = await t.createUser();
    expectProblem(await t.http.get(`/api/v1/users/${other.id}`).set(bearer(user.token)), 403, 'access_denied');
    const denied = await listUsers(user.token);
    expectProblem(denied, 403, 'access_denied');
    expect(denied.body.detail).toContain("'List' on 'User:*'");
    expectProblem(await t.http.get('/api/v1/policies').set(bearer(user.token)), 403, 'access_denied');
  });

  it('attaching to a user grants exactly what the policy says, on the next request; detaching takes it away', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('list-users'), LIST_USERS);
    expectProblem(await listUsers(user.token), 403, 'access_denied');

    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await listUsers(user.token).expect(200);
    const other = await t.createUser();
    expectProblem(await t.http.get(`/api/v1/users/${other.id}`).set(bearer(user.token)), 403, 'access_denied');

    await t.http.delete(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    expectProblem(await listUsers(user.token), 403, 'access_denied');
    expectProblem(
      await t.http.delete(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()),
      404,
      'not_found',
    );

    const changes = await t.auditEvents({ type: 'policy_changed', actorId: t.adminId() });
    const mine = changes.filter((e) => (e.detail as { policy_id?: string }).policy_id === policy.id);
    expect(mine.map((e) => e.reason)).toEqual(['created', 'attached', 'detached']);
    expect(mine[1].detail).toEqual(expect.objectContaining({ level: 'user', target: user.id }));
  });

  it('applies a policy attached to a role to its members, and one attached by default to everyone', async () => {
    const role = `r${Date.now() % 100000}`;
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug: role, name: 'Listers' }).expect(201);
    const member = await t.createUser({ roles: [role] });
    const outsider = await t.createUser();
    const policy = await createPolicy(uniqueName('role-list'), LIST_USERS);

    await t.http.put(`/api/v1/roles/${role}/policies/${policy.id}`).set(t.admin()).expect(204);
    await listUsers(member.token).expect(200);
    expectProblem(await listUsers(outsider.token), 403, 'access_denied');
    await t.http.delete(`/api/v1/roles/${role}/policies/${policy.id}`).set(t.admin()).expect(204);
    expectProblem(await listUsers(member.token), 403, 'access_denied');

    await t.http.put(`/api/v1/policies/${policy.id}/default`).set(t.admin()).expect(204);
    try {
      await listUsers(outsider.token).expect(200);
    } finally {
      await t.http.delete(`/api/v1/policies/${policy.id}/default`).set(t.admin()).expect(204);
    }
    expectProblem(await listUsers(outsider.token), 403, 'access_denied');
  });

  it('an enforced deny beats a later allow; without Enforce the later allow wins', async () => {
    const role = `e${Date.now() % 100000}`;
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug: role, name: 'Enforced' }).expect(201);
    const user = await t.createUser({ roles: [role] });
    const deny = { Statement: { Effect: 'deny', Resource: 'User:*', Action: 'List', Enforce: true } };
    const denyPolicy = await createPolicy(uniqueName('enforced-deny'), deny);
    const allow = await createPolicy(uniqueName('later-allow'), LIST_USERS);
    await t.http.put(`/api/v1/roles/${role}/policies/${denyPolicy.id}`).set(t.admin()).expect(204);
    await t.http.put(`/api/v1/users/${user.id}/policies/${allow.id}`).set(t.admin()).expect(204);
    expectProblem(await listUsers(user.token), 403, 'access_denied');

    const { Enforce: _, ...plain } = deny.Statement;
    await t.http
      .put(`/api/v1/policies/${denyPolicy.id}`)
      .set(t.admin())
      .send({ name: uniqueName('plain-deny'), document: { Statement: plain } })
      .expect(200);
    await listUsers(user.token).expect(200);
  });

  it('decides on claims of the token the request carries', async () => {
    const user = await t.createUser();
    const security = await t.issueToken(user.id, { additional_claims: { dept: 'security' } });
    const sales = await t.issueToken(user.id, { additional_claims: { dept: 'sales' } });
    const policy = await createPolicy(uniqueName('by-dept'), {
      Statement: { ...LIST_USERS.Statement, Condition: { Equals: { '${JWT.dept}': 'security' } } },
    });
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await listUsers(security.token).expect(200);
    expectProblem(await listUsers(sales.token), 403, 'access_denied');
    expectProblem(await listUsers(user.token), 403, 'access_denied');
  });

  it("decides on the client's address, by network", async () => {
    const user = await t.createUser();
    const inside = await createPolicy(uniqueName('loopback'), {
      Statement: { ...LIST_USERS.Statement, Condition: { Equals: { '(*ip)${USER.ip}': ['127.0.0.0/8', '::1'] } } },
    });
    await t.http.put(`/api/v1/users/${user.id}/policies/${inside.id}`).set(t.admin()).expect(204);
    await listUsers(user.token).expect(200);
    await t.http
      .put(`/api/v1/policies/${inside.id}`)
      .set(t.admin())
      .send({
        name: uniqueName('elsewhere'),
        document: {
          Statement: { ...LIST_USERS.Statement, Condition: { Equals: { '(*ip)${USER.ip}': '10.0.0.0/8' } } },
        },
      })
      .expect(200);
    expectProblem(await listUsers(user.token), 403, 'access_denied');
  });

  it('a Route deny refuses a route its actions would allow, and only that route', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('no-self-read'), {
      Statement: { Effect: 'deny', Resource: 'Route:/api/v1/users/{id}:GET' },
    });
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    const denied = await t.http.get(`/api/v1/users/${user.id}`).set(bearer(user.token));
    expectProblem(denied, 403, 'access_denied');
    expect(denied.body.detail).toContain('Route:/api/v1/users/{id}');
    await t.http.get(`/api/v1/users/${user.id}/tokens`).set(bearer(user.token)).expect(200);
    await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
  });

  it("a Param changes one user's registry size, and nobody else's", async () => {
    const limited = await t.createUser();
    const other = await t.createUser();
    const policy = await createPolicy(uniqueName('one-token'), {
      Param: { Key: 'service.jwt.registry_size', Value: 1 },
    });
    await t.http.put(`/api/v1/users/${limited.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await t.withConfig({ 'service.jwt.registry_overflow': 'reject' }, async () => {
      await t.issueToken(limited.id);
      const full = await t.http.post(`/api/v1/users/${limited.id}/tokens`).set(t.admin()).send({});
      expectProblem(full, 409, 'registry_full');
      await t.issueToken(other.id);
      await t.issueToken(other.id);
    });
  });

  it("Params set the lifetimes of a role's tokens: registry tokens by default, session access tokens", async () => {
    const role = `l${Date.now() % 100000}`;
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug: role, name: 'Short-lived' }).expect(201);
    const policy = await createPolicy(uniqueName('lifetimes'), {
      Param: [
        { Key: 'service.jwt.expires_in', Value: 600 },
        { Key: 'service.jwt.access_expires_in', Value: 120 },
      ],
    });
    await t.http.put(`/api/v1/roles/${role}/policies/${policy.id}`).set(t.admin()).expect(204);
    const member = await t.createUser({ roles: [role] });
    const other = await t.createUser();
    const lifetime = (claims: Record<string, unknown>) => (claims.exp as number) - (claims.iat as number);

    expect(lifetime(claimsOf(member.token))).toBe(120);
    expect(lifetime(claimsOf(other.token))).not.toBe(120);
    expect(lifetime((await t.issueToken(member.id)).claims)).toBe(600);
    expect(lifetime((await t.issueToken(other.id)).claims)).not.toBe(600);
    const own = await t.http.post(`/api/v1/users/${member.id}/tokens`).set(bearer(member.token)).send({}).expect(201);
    expect(lifetime(own.body.claims)).toBe(600);
  });

  it('a catastrophic regular expression is harmless: it runs in linear time', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('regex'), {
      Statement: { ...LIST_USERS.Statement, Condition: { RegEx: { '${HTTP_HEADER.x-probe}': '^(a+)+$' } } },
    });
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    // On a backtracking engine this input takes longer than the universe has; RE2 answers at once.
    const evil = `${'a'.repeat(5000)}!`;
    expectProblem(await listUsers(user.token).set('x-probe', evil), 403, 'access_denied');
    await listUsers(user.token).set('x-probe', 'a'.repeat(5000)).expect(200);
  });

  it('refuses an invalid document with the path of every error, and stores nothing', async () => {
    const before = (await t.http.get('/api/v1/policies').set(t.admin()).expect(200)).body.total;
    const answer = await t.http
      .post('/api/v1/policies')
      .set(t.admin())
      .send({
        name: uniqueName('broken'),
        document: {
          Statement: [
            { Effect: 'allow', Resource: 'User:*', Action: 'List' },
            { Effect: 'permit', Resource: 'User:*', Action: 'Fly' },
            { Effect: 'allow', Resource: 'User:*', Action: 'List', Condition: { Sounds: { a: 'b' } } },
          ],
        },
      });
    expectProblem(answer, 400, 'validation_failed');
    expect(errorFields(answer)).toEqual(
      expect.arrayContaining([
        'document.Statement[1].Effect',
        'document.Statement[1].Action',
        'document.Statement[2].Condition.Sounds',
      ]),
    );
    expect((await t.http.get('/api/v1/policies').set(t.admin()).expect(200)).body.total).toBe(before);
  });

  it('answers a valid document with the analyzer’s warnings', async () => {
    const policy = await createPolicy(uniqueName('everything'), {
      Statement: [LIST_USERS.Statement, { Effect: 'allow', Resource: '*', Action: '*' }],
    });
    expect(policy.warnings.length).toBeGreaterThanOrEqual(2);
    expect(policy.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['Statement[0]', 'Statement[1]']));
  });

  it('simulates a decision for a user, naming the statement that decided', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('simulated'), LIST_USERS);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    const allowed = await t.http
      .post('/api/v1/policies/simulate')
      .set(t.admin())
      .send({ user_id: user.id, action: 'List', resource: 'User:*' })
      .expect(200);
    expect(allowed.body).toEqual(
      expect.objectContaining({ decision: 'allow', matched: { policy_id: policy.id, statement_index: 0 } }),
    );
    const denied = await t.http
      .post('/api/v1/policies/simulate')
      .set(t.admin())
      .send({ user_id: user.id, action: 'Delete', resource: `User:${user.id}` })
      .expect(200);
    expect(denied.body).toEqual(expect.objectContaining({ decision: 'deny', matched: null }));
    const apiToken = await t.http
      .post('/api/v1/policies/simulate')
      .set(t.admin())
      .send({
        user_id: user.id,
        action: 'IssueToken',
        resource: `User:${user.id}`,
        context: { jwt: { token_use: 'api' } },
      })
      .expect(200);
    expect(apiToken.body.decision).toBe('deny');
  });

  it('does not delete an attached policy; detached, it goes', async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('doomed'), LIST_USERS);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    expectProblem(await t.http.delete(`/api/v1/policies/${policy.id}`).set(t.admin()), 409, 'policy_in_use');
    await t.http.delete(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await t.http.delete(`/api/v1/policies/${policy.id}`).set(t.admin()).expect(204);
    expectProblem(await t.http.get(`/api/v1/policies/${policy.id}`).set(t.admin()), 404, 'not_found');
  });

  it("a deleted role's attachments go with it: the same slug created again inherits nothing", async () => {
    const role = `d${Date.now() % 100000}`;
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug: role, name: 'Doomed' }).expect(201);
    const policy = await createPolicy(uniqueName('role-bound'), LIST_USERS);
    await t.http.put(`/api/v1/roles/${role}/policies/${policy.id}`).set(t.admin()).expect(204);
    await t.http.delete(`/api/v1/roles/${role}`).set(t.admin()).expect(204);
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug: role, name: 'Reborn' }).expect(201);
    const member = await t.createUser({ roles: [role] });
    expectProblem(await listUsers(member.token), 403, 'access_denied');
    await t.http.delete(`/api/v1/policies/${policy.id}`).set(t.admin()).expect(204);
  });

  it("a deleted user's attachments go with it: the policy is attached nowhere after", async () => {
    const user = await t.createUser();
    const policy = await createPolicy(uniqueName('user-bound'), LIST_USERS);
    await t.http.put(`/api/v1/users/${user.id}/policies/${policy.id}`).set(t.admin()).expect(204);
    await t.http.delete(`/api/v1/users/${user.id}`).set(t.admin()).expect(204);
    await t.http.delete(`/api/v1/policies/${policy.id}`).set(t.admin()).expect(204);
  });

  it('refuses attaching to a user or role that does not exist', async () => {
    const policy = await createPolicy(uniqueName('orphan'), LIST_USERS);
    expectProblem(await t.http.put(`/api/v1/users/nobody/policies/${policy.id}`).set(t.admin()), 404, 'not_found');
    expectProblem(await t.http.put(`/api/v1/roles/nobody/policies/${policy.id}`).set(t.admin()), 404, 'not_found');
    expectProblem(await t.http.put(`/api/v1/policies/none/default`).set(t.admin()), 404, 'not_found');
  });
});
