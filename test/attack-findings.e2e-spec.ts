import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';

describe('what a second attack run found', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: string) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}`, ...headers }, payload });

  describe('a Content-Type on a request without a body', () => {
    it.each(['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'])(
      'is ignored on GET /me, GET /users and a bodyless DELETE (%s)',
      async (type) => {
        expect((await inject('GET', '/api/v1/me', { 'content-type': type })).statusCode).toBe(200);
        expect((await inject('GET', '/api/v1/users', { 'content-type': type })).statusCode).toBe(200);
        const user = await createUser(t);
        const { id } = await issueToken(t, user.id);
        const deleted = await inject('DELETE', `/api/v1/users/${user.id}/tokens/${id}`, { 'content-type': type });
        expect(deleted.statusCode).toBe(204);
      },
    );

    it('still refuses a body in a media type the route does not take', async () => {
      const response = await inject('DELETE', '/api/v1/users/x/tokens/y', { 'content-type': 'text/plain' }, 'x');
      expect(response.statusCode).toBe(415);
    });

    it('takes an empty application/json body as no body', async () => {
      const user = await createUser(t);
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
      const response = await t.http.post('/api/v1/users').set(bearer(t.adminToken)).type('json').send('');
      expectProblem(response, 400, 'validation_failed');
    });
  });
});
