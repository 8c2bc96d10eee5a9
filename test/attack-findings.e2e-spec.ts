import { bearer, STRONG_PASSWORD } from './factories';
import { errorFields, expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

describe('what a second attack run found', () => {
  const t = useTestApp();

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: string) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}`, ...headers }, payload });

  describe('a Content-Type on a request without a body', () => {
    it.each(['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'])(
      'is ignored on GET /me, GET /users and a bodyless DELETE (%s)',
      async (type) => {
        expect((await inject('GET', '/api/v1/me', { 'content-type': type })).statusCode).toBe(200);
        expect((await inject('GET', '/api/v1/users', { 'content-type': type })).statusCode).toBe(200);
        const user = await t.createUser();
        const { id } = await t.issueToken(user.id);
        const deleted = await inject('DELETE', `/api/v1/users/${user.id}/tokens/${id}`, { 'content-type': type });
        expect(deleted.statusCode).toBe(204);
      },
    );

    it('still refuses a body in a media type the route does not take', async () => {
      const response = await inject('DELETE', '/api/v1/users/x/tokens/y', { 'content-type': 'text/plain' }, 'x');
      expect(response.statusCode).toBe(415);
    });

    it('takes an empty application/json body as no body', async () => {
      const user = await t.createUser();
      const json = { 'content-type': 'application/json', 'content-length': '0' };
      const issued = await inject('POST', `/api/v1/users/${user.id}/tokens`, json, '');
      expect(issued.statusCode).toBe(201);
      const deleted = await inject(
        'DELETE',
        `/api/v1/users/${user.id}/tokens/${issued.json<{ id: string }>().id}`,
        json,
        '',
      );
      expect(deleted.statusCode).toBe(204);
    });

    it('refuses an empty application/json body where a body is needed with the usual 400', async () => {
      const response = await t.http.post('/api/v1/users').set(t.admin()).type('json').send('');
      expectProblem(response, 400, 'validation_failed');
    });
  });

  describe('null for an optional field and malformed text', () => {
    let user: { id: string; token: string };
    const send = (method: 'post' | 'patch' | 'put', url: string, body: unknown, token = t.adminToken) =>
      t.http[method](`/api/v1${url.replace(':id', user.id)}`)
        .set(bearer(token))
        .send(body as object);

    beforeAll(async () => {
      user = await t.createUser();
      await send('post', '/roles', { slug: 'nullable', name: 'Nullable' }).expect(201);
    });

    const fresh = () => ({ username: `n${Math.random().toString(36).slice(2, 10)}`, password: STRONG_PASSWORD });
    const newUser = () => {
      const f = fresh();
      return { ...f, email: `${f.username}@example.com` };
    };

    // Every optional field of every DTO'd body, where null is not a value.
    it.each([
      ['post', '/users', 'roles', newUser],
      ['post', '/users', 'status', newUser],
      ['patch', '/users/:id', 'email', () => ({})],
      ['patch', '/users/:id', 'roles', () => ({})],
      ['patch', '/users/:id', 'status', () => ({})],
      ['patch', '/roles/nullable', 'name', () => ({})],
      ['patch', '/roles/administrator', 'name', () => ({})],
      ['post', '/users/:id/tokens', 'expires_at', () => ({})],
      ['post', '/users/:id/tokens', 'expires_in', () => ({})],
      ['post', '/users/:id/tokens', 'refreshable', () => ({})],
      ['post', '/users/:id/tokens', 'revocable', () => ({})],
      ['post', '/users/:id/tokens', 'additional_claims', () => ({})],
      ['put', '/users/:id/password', 'current_password', () => ({ new_password: 'another-Horse-battery-7' })],
    ] as const)('%s %s refuses %s: null with 400 naming it', async (method, url, field, base) => {
      const token = url.endsWith('/password') ? user.token : t.adminToken;
      const response = await send(method, url, { ...base(), [field]: null }, token);
      expectProblem(response, 400, 'validation_failed');
      expect(errorFields(response)).toEqual([field]);
    });

    it('still takes null where it means none', async () => {
      await send('post', '/users', { ...newUser(), display_name: null }).expect(201);
      await send('patch', '/users/:id', { display_name: null }).expect(200);
      await send('post', '/roles', { slug: 'nulldesc', name: 'N', description: null }).expect(201);
      await send('patch', '/roles/nullable', { description: null }).expect(200);
      await send('post', '/users/:id/tokens', { description: null }).expect(201);
    });

    it.each([
      ['post', '/users', 'email', () => ({ ...fresh(), email: '\ud800' })],
      ['patch', '/users/:id', 'email', () => ({ email: '\ud800@example.com' })],
      ['patch', '/users/:id', 'display_name', () => ({ display_name: 'a\udc00b' })],
      ['patch', '/roles/nullable', 'name', () => ({ name: '\ud800' })],
      ['post', '/users/:id/tokens', 'additional_claims', () => ({ additional_claims: { ['k\ud800']: 1 } })],
      ['post', '/users/:id/tokens', 'additional_claims', () => ({ additional_claims: { k: ['\udfff'] } })],
    ] as const)('%s %s refuses a lone surrogate in %s with 400', async (method, url, field, body) => {
      const response = await send(method, url, body());
      expectProblem(response, 400, 'validation_failed');
      expect(errorFields(response)).toEqual([field]);
    });

    it('changes nothing when it refuses', async () => {
      const before = (await t.http.get(`/api/v1/users/${user.id}`).set(t.admin()).expect(200)).body;
      await send('patch', '/users/:id', { email: null, status: null }).expect(400);
      await send('patch', '/users/:id', { email: '\ud800' }).expect(400);
      const after = (await t.http.get(`/api/v1/users/${user.id}`).set(t.admin()).expect(200)).body;
      expect(after).toEqual(before);
      const role = (await t.http.get('/api/v1/roles/administrator').set(t.admin()).expect(200)).body;
      expect(role.name).toEqual(expect.any(String));
    });
  });

  describe('prototype-ish keys', () => {
    it.each(['constructor', 'prototype', 'toString'])(
      'refuses additional_claims using %s with 400 naming it, issuing nothing',
      async (key) => {
        const user = await t.createUser();
        const body = `{"additional_claims": {"dept": "x", "${key}": 7}}`;
        const response = await t.http.post(`/api/v1/users/${user.id}/tokens`).set(t.admin()).type('json').send(body);
        expectProblem(response, 400, 'validation_failed');
        expect(JSON.stringify(response.body.errors)).toContain(key);
        const list = await t.http.get(`/api/v1/users/${user.id}/tokens`).set(t.admin()).expect(200);
        expect(list.body.total).toBe(0);
      },
    );

    it('refuses __proto__ already while parsing, issuing nothing', async () => {
      const user = await t.createUser();
      const response = await t.http
        .post(`/api/v1/users/${user.id}/tokens`)
        .set(t.admin())
        .type('json')
        .send('{"additional_claims": {"__proto__": {"admin": true}}}');
      expectProblem(response, 400, 'validation_failed');
      const list = await t.http.get(`/api/v1/users/${user.id}/tokens`).set(t.admin()).expect(200);
      expect(list.body.total).toBe(0);
    });

    it('refuses a nested one too', async () => {
      const user = await t.createUser();
      const response = await t.http
        .post(`/api/v1/users/${user.id}/tokens`)
        .set(t.admin())
        .send({ additional_claims: { dept: { constructor: 1 } } });
      expectProblem(response, 400, 'validation_failed');
      expect(errorFields(response)).toEqual(['additional_claims']);
    });
  });

  describe('service.public_url', () => {
    it.each([
      'https://user:pw@a.example',
      'https://user@a.example',
      'https://a.example/path',
      'https://a.example?x=1',
      'https://a.example#top',
      'https://a.example:443/',
    ])('refuses %s with 400 and keeps the old value', async (value) => {
      const response = await t.http.put('/api/v1/config/service.public_url').set(t.admin()).send({ value });
      expectProblem(response, 400, 'validation_failed');
      const config = await t.http.get('/api/v1/config').set(t.admin()).expect(200);
      expect(JSON.stringify(config.body)).not.toContain('a.example');
    });

    it.each(['https://auth.example.com', 'http://127.0.0.1:8080', 'https://[2001:db8::1]:8443', ''])(
      'takes the origin %j',
      async (value) => {
        await t.http.put('/api/v1/config/service.public_url').set(t.admin()).send({ value }).expect(200);
        await t.http.delete('/api/v1/config/service.public_url').set(t.admin()).expect(204);
      },
    );
  });
});

describe("the server's own origin on loopback", () => {
  const own = useTestApp({ PORT: '3000' });
  const cookieWrite = (origin: string) =>
    own.http
      .patch('/api/v1/roles/administrator')
      .set('cookie', `jwt_token=${own.adminToken}`)
      .set('origin', origin)
      .send({ description: null });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])(
    'takes a cookie write from %s while service.public_url is empty',
    async (origin) => {
      await cookieWrite(origin).expect(200);
    },
  );

  it.each(['http://127.0.0.1:3001', 'http://[::1]:8080', 'http://127.0.0.2:3000', 'https://127.0.0.1:3000'])(
    'refuses one from %s',
    async (origin) => {
      expectProblem(await cookieWrite(origin), 403, 'csrf_rejected');
    },
  );

  it('trusts only the configured origin once service.public_url is set', async () => {
    await own.http
      .put('/api/v1/config/service.public_url')
      .set(own.admin())
      .send({ value: 'https://auth.example.com' })
      .expect(200);
    try {
      await cookieWrite('https://auth.example.com').expect(200);
      expectProblem(await cookieWrite('http://127.0.0.1:3000'), 403, 'csrf_rejected');
      expectProblem(await cookieWrite('http://localhost:3000'), 403, 'csrf_rejected');
    } finally {
      await own.http.delete('/api/v1/config/service.public_url').set(own.admin()).expect(204);
    }
  });
});
