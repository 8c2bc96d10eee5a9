import { useTestApp } from './fixture';
import { expectProblem } from './factories/problem';

describe('hostile input is a 4xx, never a 500', () => {
  const t = useTestApp();
  const admin = () => t.admin();

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'treats %s as an unknown option, not as a catalogue property',
    async (name) => {
      expectProblem(await t.http.get(`/api/v1/config/${name}`).set(admin()), 404, 'not_found');
      expectProblem(await t.http.put(`/api/v1/config/${name}`).set(admin()).send({ value: 1 }), 404, 'not_found');
      expectProblem(await t.http.delete(`/api/v1/config/${name}`).set(admin()), 404, 'not_found');
      const ini = await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send(`${name} = 1\n`);
      expectProblem(ini, 400, 'validation_failed');
      expect(ini.body.errors).toEqual([{ field: 'line 1', message: `unknown option ${name}` }]);
    },
  );

  it.each(['/api/v1/users', '/api/v1/roles', '/api/v1/users/{id}/tokens'])(
    'refuses an absurd page number on %s',
    async (path) => {
      const userId = (await t.createUser()).id;
      for (const page of ['1e300', '1000001', '9007199254740993']) {
        const response = await t.http.get(`${path.replace('{id}', userId)}?page=${page}`).set(admin());
        expectProblem(response, 400, 'validation_failed');
      }
    },
  );

  it('answers concurrent creates of one username or role slug with one 201 and 409s, never a 500', async () => {
    const body = { username: 'racer', email: 'racer@example.com', password: 'correct-Horse-battery-9' };
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.http
          .post('/api/v1/users')
          .set(admin())
          .send({ ...body, email: `racer${i}@example.com` }),
      ),
    );
    expect(users.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const roles = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post('/api/v1/roles').set(admin()).send({ slug: 'racers', name: 'Racers' }),
      ),
    );
    expect(roles.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of [...users, ...roles].filter((r) => r.status === 409))
      expect(['duplicate_username', 'duplicate_role']).toContain(r.body.code);
  });

  it('gives a failed login the Bearer challenge without an error attribute: no token was presented', async () => {
    const response = await t.http.post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-Password-1' });
    expectProblem(response, 401, 'invalid_credentials');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('refuses query parameters on a route that takes none, but not the bearer token parameter', async () => {
    const userId = (await t.createUser()).id;
    const response = await t.http.get(`/api/v1/users/${userId}?foo=1&bar=2`).set(admin());
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual([
      { field: 'foo', message: 'unknown field foo' },
      { field: 'bar', message: 'unknown field bar' },
    ]);
    await t.http.get(`/api/v1/users/${userId}?jwt=${t.adminToken}`).expect(200);
  });

  it('names every bad field in one 400, whichever rule each breaks', async () => {
    const userId = (await t.createUser()).id;
    const user = await t.http
      .post('/api/v1/users')
      .set(admin())
      .send({ username: 'fields', email: 'fields@example.com', password: 'password', roles: ['nosuch'] });
    expectProblem(user, 400, 'validation_failed');
    expect(new Set(user.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['password', 'roles']));

    await t.withConfig({ 'service.jwt.allow_irrevocable': false }, async () => {
      const token = await t.http
        .post(`/api/v1/users/${userId}/tokens`)
        .set(admin())
        .send({
          additional_claims: { sub: 'x', big: 'x'.repeat(5000) },
          expires_at: '2000-01-01T00:00:00Z',
          revocable: false,
          refreshable: true,
        });
      expectProblem(token, 400, 'validation_failed');
      expect(new Set(token.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['expires_at', 'additional_claims', 'revocable', 'refreshable']),
      );
      expect(token.body.errors.filter((e: { field: string }) => e.field === 'additional_claims')).toHaveLength(2);
    });
  });

  it('answers a JSON body that is not an object with 400, and a body in another media type with 415', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set(admin())
      .set('content-type', 'application/json')
      .send('"abc"');
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual([{ field: 'body', message: 'body must be a JSON object' }]);
    for (const [type, body] of [
      ['text/plain', 'username=x'],
      ['application/xml', '<user/>'],
    ]) {
      expectProblem(
        await t.http.post('/api/v1/users').set(admin()).set('content-type', type).send(body),
        415,
        'unsupported_media_type',
      );
    }
  });

  it('reports one message per bad field', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set(admin())
      .send({ username: 5, email: 'x@example.com', password: 'correct-Horse-battery-9' });
    expect(response.body.errors).toEqual([{ field: 'username', message: expect.any(String) }]);
  });
});
