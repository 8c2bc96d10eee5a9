import { randomBytes } from 'node:crypto';
import { bearer, STRONG_PASSWORD } from './factories';
import { errorFields, expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

describe('users and roles', () => {
  const t = useTestApp();

  const newUser = (fields: Record<string, unknown> = {}) => {
    const username = unique('u');
    return { username, email: `${username}@example.com`, password: STRONG_PASSWORD, ...fields };
  };
  const search = async (term: string) =>
    (await t.http.get('/api/v1/users').query({ search: term }).set(t.admin()).expect(200)).body;

  it('creates a user with 201, lower-cases the username and never returns the password', async () => {
    const name = unique('Jane.Doe');
    const response = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ username: name, email: `${name}@Example.COM`, password: STRONG_PASSWORD, display_name: 'Jane Doe' })
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      username: name.toLowerCase(),
      email: `${name.toLowerCase()}@example.com`,
      display_name: 'Jane Doe',
      roles: [],
      status: 'active',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const fetched = await t.http.get(`/api/v1/users/${response.body.id}`).set(t.admin()).expect(200);
    expect(fetched.body).toEqual(response.body);
    await t.http.post('/api/v1/auth/login').send({ username: name, password: STRONG_PASSWORD }).expect(200);
  });

  it('judges the username and email as sent: surrounding spaces are refused with 400, not trimmed away', async () => {
    const user = newUser();
    const padded = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ ...user, username: ` ${user.username} `, email: ` ${user.email} ` });
    expectProblem(padded, 400, 'validation_failed');
    expect(errorFields(padded)).toEqual(['email', 'username']);
    await t.http.post('/api/v1/users').set(t.admin()).send(user).expect(201);
  });

  it('refuses a duplicate username with 409 duplicate_username, whatever its case', async () => {
    const first = newUser();
    await t.http.post('/api/v1/users').set(t.admin()).send(first).expect(201);
    const again = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ ...newUser(), username: first.username.toUpperCase() });
    expectProblem(again, 409, 'duplicate_username');
  });

  it('refuses a duplicate email with 409 duplicate_email', async () => {
    const first = newUser();
    await t.http.post('/api/v1/users').set(t.admin()).send(first).expect(201);
    const again = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ ...newUser(), email: first.email.toUpperCase() });
    expectProblem(again, 409, 'duplicate_email');
  });

  it('refuses a weak password with 400 validation_failed on the password field and creates nothing', async () => {
    for (const password of ['password', 'short1A', 'aaaaaaaaaaaaaaaaaaaa']) {
      const body = newUser({ password });
      const response = await t.http.post('/api/v1/users').set(t.admin()).send(body);
      expectProblem(response, 400, 'validation_failed');
      expect(errorFields(response)).toEqual(['password']);
      expect((await search(body.username)).total).toBe(0);
    }
  });

  it('refuses an unknown role with 400 validation_failed on roles', async () => {
    const body = newUser({ roles: ['no-such-role'] });
    const response = await t.http.post('/api/v1/users').set(t.admin()).send(body);
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['roles']);
    expect((await search(body.username)).total).toBe(0);
  });

  it('refuses unknown fields with 400, listing every one of them', async () => {
    const body = newUser({ is_admin: true, password_hash: 'x', nickname: 'j' });
    const response = await t.http.post('/api/v1/users').set(t.admin()).send(body);
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['is_admin', 'nickname', 'password_hash']);
    expect((await search(body.username)).total).toBe(0);
  });

  it('refuses wrong types with 400, listing every bad field', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ username: 42, email: true, password: ['x'], roles: 'administrator', status: 'sleeping' });
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['email', 'password', 'roles', 'status', 'username']);
  });

  it('refuses malformed JSON with 400 validation_failed', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .set('content-type', 'application/json')
      .send('{"username": "jane", ');
    expectProblem(response, 400, 'validation_failed');
  });

  it('refuses a body that is an array with 400 validation_failed', async () => {
    const response = await t.http.post('/api/v1/users').set(t.admin()).send([newUser()]);
    expectProblem(response, 400, 'validation_failed');
  });

  it('lists users paginated and filtered by ?search=', async () => {
    const prefix = unique('list');
    for (const suffix of ['a', 'b', 'c'])
      await t.http
        .post('/api/v1/users')
        .set(t.admin())
        .send(newUser({ username: `${prefix}${suffix}`, email: `${prefix}${suffix}@example.com` }))
        .expect(201);

    const first = await t.http.get('/api/v1/users').query({ search: prefix, per_page: 2 }).set(t.admin()).expect(200);
    expect(first.body).toEqual({ items: expect.any(Array), page: 1, per_page: 2, total: 3 });
    expect(first.body.items).toHaveLength(2);

    const second = await t.http
      .get('/api/v1/users')
      .query({ search: prefix.toUpperCase(), per_page: 2, page: 2 })
      .set(t.admin())
      .expect(200);
    expect(second.body).toEqual({ items: [expect.any(Object)], page: 2, per_page: 2, total: 3 });
    const names = [...first.body.items, ...second.body.items].map((u: { username: string }) => u.username).sort();
    expect(names).toEqual([`${prefix}a`, `${prefix}b`, `${prefix}c`]);

    for (const wildcard of ['%', '_', '!', '\\']) expect((await search(wildcard)).total).toBe(0);

    const all = await t.http.get('/api/v1/users').set(t.admin()).expect(200);
    expect(all.body).toEqual(expect.objectContaining({ page: 1, per_page: 50 }));
    expect(all.body.total).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['per_page=0', { per_page: 0 }, 'per_page'],
    ['per_page above 200', { per_page: 201 }, 'per_page'],
    ['per_page not a number', { per_page: 'ten' }, 'per_page'],
    ['page=0', { page: 0 }, 'page'],
    ['an unknown query parameter', { sort: 'name' }, 'sort'],
  ])('refuses a listing with %s with 400', async (_name, query, field) => {
    const response = await t.http.get('/api/v1/users').query(query).set(t.admin());
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual([field]);
  });

  it('reads, updates and deletes a user', async () => {
    const jane = await t.createUser();
    const patched = await t.http
      .patch(`/api/v1/users/${jane.id}`)
      .set(t.admin())
      .send({ display_name: 'Jane D.' })
      .expect(200);
    expect(patched.body).toEqual(
      expect.objectContaining({ id: jane.id, username: jane.username, display_name: 'Jane D.' }),
    );
    expect((await t.http.get(`/api/v1/users/${jane.id}`).set(t.admin()).expect(200)).body.display_name).toBe('Jane D.');

    const invalid = await t.http
      .patch(`/api/v1/users/${jane.id}`)
      .set(t.admin())
      .send({ email: 'not-an-email', username: 'renamed' });
    expectProblem(invalid, 400, 'validation_failed');
    expect(errorFields(invalid)).toEqual(['email', 'username']);

    await t.http.delete(`/api/v1/users/${jane.id}`).set(t.admin()).expect(204);
    expectProblem(await t.http.get(`/api/v1/users/${jane.id}`).set(t.admin()), 404, 'not_found');
  });

  it("refuses to change a user's email to one another user has with 409 duplicate_email, and changes nothing", async () => {
    const jane = await t.createUser();
    const john = await t.createUser();
    const response = await t.http
      .patch(`/api/v1/users/${jane.id}`)
      .set(t.admin())
      .send({ email: `${john.username}@EXAMPLE.com`, display_name: 'Jane' });
    expectProblem(response, 409, 'duplicate_email');
    const unchanged = await t.http.get(`/api/v1/users/${jane.id}`).set(t.admin()).expect(200);
    expect(unchanged.body).toMatchObject({ email: `${jane.username}@example.com`, display_name: null });
    await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
  });

  it('refuses a weak new password with 400 on new_password, and the old password keeps working', async () => {
    const jane = await t.createUser();
    const response = await t.http
      .put(`/api/v1/users/${jane.id}/password`)
      .set(t.admin())
      .send({ new_password: 'password' });
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['new_password']);
    await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: jane.username, password: jane.password }).expect(200);
  });

  it('answers 404 not_found for an unknown user id', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expectProblem(await t.http.get(`/api/v1/users/${id}`).set(t.admin()), 404, 'not_found');
    expectProblem(
      await t.http.patch(`/api/v1/users/${id}`).set(t.admin()).send({ display_name: 'x' }),
      404,
      'not_found',
    );
    expectProblem(await t.http.delete(`/api/v1/users/${id}`).set(t.admin()), 404, 'not_found');
  });

  it('lets a non-administrator read itself but answers 403 access_denied for other users and the user list', async () => {
    const jane = await t.createUser();
    const john = await t.createUser();
    const self = await t.http.get(`/api/v1/users/${jane.id}`).set(bearer(jane.token)).expect(200);
    expect(self.body.id).toBe(jane.id);

    const other = await t.http.get(`/api/v1/users/${john.id}`).set(bearer(jane.token));
    expectProblem(other, 403, 'access_denied');
    expect(other.body.detail).toContain(`User:${john.id}`);
    expectProblem(await t.http.get('/api/v1/users').set(bearer(jane.token)), 403, 'access_denied');
    expectProblem(
      await t.http.patch(`/api/v1/users/${john.id}`).set(bearer(jane.token)).send({ display_name: 'x' }),
      403,
      'access_denied',
    );
    expectProblem(await t.http.delete(`/api/v1/users/${john.id}`).set(bearer(jane.token)), 403, 'access_denied');
    expectProblem(await t.http.post('/api/v1/users').set(bearer(jane.token)).send(newUser()), 403, 'access_denied');
    expectProblem(
      await t.http
        .patch(`/api/v1/users/${jane.id}`)
        .set(bearer(jane.token))
        .send({ roles: ['administrator'] }),
      403,
      'access_denied',
    );
    expect((await t.http.get(`/api/v1/users/${john.id}`).set(t.admin()).expect(200)).body.display_name).toBeNull();
  });

  it('creates, reads, lists, renames and deletes a role', async () => {
    const slug = unique('editor-');
    const created = await t.http
      .post('/api/v1/roles')
      .set(t.admin())
      .send({ slug, name: 'Editor', description: 'Edits things' })
      .expect(201);
    expect(created.body).toEqual({
      slug,
      name: 'Editor',
      description: 'Edits things',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    await t.http.get(`/api/v1/roles/${slug}`).set(t.admin()).expect(200);

    const list = await t.http.get('/api/v1/roles').set(t.admin()).expect(200);
    expect(list.body).toEqual(expect.objectContaining({ page: 1, per_page: 50 }));
    expect(list.body.items.map((r: { slug: string }) => r.slug)).toEqual(
      expect.arrayContaining(['administrator', slug]),
    );

    const renamed = await t.http
      .patch(`/api/v1/roles/${slug}`)
      .set(t.admin())
      .send({ name: 'Senior editor', description: null })
      .expect(200);
    expect(renamed.body).toEqual(expect.objectContaining({ slug, name: 'Senior editor', description: null }));

    await t.http.delete(`/api/v1/roles/${slug}`).set(t.admin()).expect(204);
    expectProblem(await t.http.get(`/api/v1/roles/${slug}`).set(t.admin()), 404, 'not_found');
    expectProblem(await t.http.delete(`/api/v1/roles/${slug}`).set(t.admin()), 404, 'not_found');
  });

  it.each([
    ['upper case', 'Editor'],
    ['a space', 'the editors'],
    ['a dot', 'edit.or'],
    ['an empty slug', ''],
    ['65 characters', 'a'.repeat(65)],
  ])('refuses a role slug with %s with 400 on slug', async (_name, slug) => {
    const response = await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Editor' });
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['slug']);
  });

  it('refuses a duplicate role with 409 duplicate_role', async () => {
    const slug = unique('dup-');
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'First' }).expect(201);
    expectProblem(
      await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Second' }),
      409,
      'duplicate_role',
    );
  });

  it('refuses to delete a role a user holds (409 role_in_use) until no one holds it', async () => {
    const slug = unique('auditor-');
    await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Auditor' }).expect(201);
    const jane = await t.createUser({ roles: [slug] });
    expect((await t.http.get(`/api/v1/users/${jane.id}`).set(t.admin()).expect(200)).body.roles).toEqual([slug]);

    expectProblem(await t.http.delete(`/api/v1/roles/${slug}`).set(t.admin()), 409, 'role_in_use');
    await t.http.get(`/api/v1/roles/${slug}`).set(t.admin()).expect(200);

    await t.http.patch(`/api/v1/users/${jane.id}`).set(t.admin()).send({ roles: [] }).expect(200);
    await t.http.delete(`/api/v1/roles/${slug}`).set(t.admin()).expect(204);
  });

  it('protects the administrator role from deletion and non-administrators from role management', async () => {
    expectProblem(await t.http.delete('/api/v1/roles/administrator').set(t.admin()), 409, 'role_protected');
    await t.http.get('/api/v1/roles/administrator').set(t.admin()).expect(200);

    const jane = await t.createUser();
    expectProblem(
      await t.http
        .post('/api/v1/roles')
        .set(bearer(jane.token))
        .send({ slug: unique('r'), name: 'R' }),
      403,
      'access_denied',
    );
    expectProblem(await t.http.delete('/api/v1/roles/administrator').set(bearer(jane.token)), 403, 'access_denied');
  });

  it('refuses to block, demote or delete the last administrator with 409 last_administrator', async () => {
    const me = await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    const adminId = me.body.user.id;

    expectProblem(
      await t.http.patch(`/api/v1/users/${adminId}`).set(t.admin()).send({ status: 'blocked' }),
      409,
      'last_administrator',
    );
    expectProblem(
      await t.http.patch(`/api/v1/users/${adminId}`).set(t.admin()).send({ roles: [] }),
      409,
      'last_administrator',
    );
    expectProblem(await t.http.delete(`/api/v1/users/${adminId}`).set(t.admin()), 409, 'last_administrator');

    const unchanged = await t.http.get(`/api/v1/users/${adminId}`).set(t.admin()).expect(200);
    expect(unchanged.body).toEqual(expect.objectContaining({ status: 'active', roles: ['administrator'] }));
  });
});
