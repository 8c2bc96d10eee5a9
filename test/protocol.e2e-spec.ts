import type { Response } from 'supertest';
import { ADMIN } from './app.factory';
import { bearer, STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

const expectNoStore = (response: Response) => {
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers.pragma).toBe('no-cache');
};

describe('protocol details', () => {
  const t = useTestApp();

  const admin = () => t.admin();

  describe('WWW-Authenticate (RFC 6750 §3)', () => {
    it.each([
      ['no credential at all', {}],
      ['an Authorization header of another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ])('challenges a request with %s without an error attribute', async (_case, headers) => {
      const response = await t.http.get('/api/v1/me').set(headers);
      expectProblem(response, 401, 'invalid_token');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('tells a request with an unusable token why', async () => {
      const response = await t.http.get('/api/v1/me').set(bearer('not.a.token'));
      expectProblem(response, 401, 'invalid_token');
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer realm="api", error="invalid_token", error_description="[^"]+"$/,
      );
    });

    it('challenges a failed login without an error attribute', async () => {
      const response = await t.http.post('/api/v1/auth/login').send({ username: ADMIN.username, password: 'wrong-1' });
      expectProblem(response, 401, 'invalid_credentials');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });
  });

  describe('client_id (RFC 9068 §2.2)', () => {
    it('puts the configured client_id into session access tokens', async () => {
      expect(payloadOf(t.adminToken).client_id).toBe('jwt-access-manager');
      await t.withConfig({ 'service.jwt.client_id': 'console' }, async () => {
        const login = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
        expect(payloadOf(login.body.access_token).client_id).toBe('console');
      });
    });

    it('leaves client_id out of registry tokens, which are not RFC 9068 access tokens', async () => {
      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      expect(payloadOf(issued.token).client_id).toBeUndefined();
    });

    it('refuses a client_id that is not a single word', async () => {
      const response = await t.http
        .put('/api/v1/config/service.jwt.client_id')
        .set(admin())
        .send({ value: 'two words' });
      expectProblem(response, 400, 'validation_failed');
    });

    it('does not let additional claims set client_id', async () => {
      const user = await t.createUser();
      const response = await t.http
        .post(`/api/v1/users/${user.id}/tokens`)
        .set(admin())
        .send({ additional_claims: { client_id: 'someone-else' } });
      expectProblem(response, 400, 'validation_failed');
      expect(JSON.stringify(response.body.errors)).toContain('client_id');
    });
  });

  describe('Cache-Control: no-store on answers that carry credentials (RFC 6749 §5.1)', () => {
    it('on a login', async () => {
      expectNoStore(await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200));
    });

    it('on a password change that hands back a session', async () => {
      const user = await t.createUser();
      const response = await t.http
        .put(`/api/v1/users/${user.id}/password`)
        .set(bearer(user.token))
        .send({ current_password: STRONG_PASSWORD, new_password: `${STRONG_PASSWORD}-new` })
        .expect(200);
      expectNoStore(response);
    });

    it('on issuing, listing, reading and refreshing registry tokens', async () => {
      const user = await t.createUser();
      const issue = await t.http
        .post(`/api/v1/users/${user.id}/tokens`)
        .set(admin())
        .send({ refreshable: true })
        .expect(201);
      expectNoStore(issue);
      expectNoStore(
        await t.http.get(`/api/v1/users/${user.id}/tokens?fields=token,signed_url`).set(admin()).expect(200),
      );
      expectNoStore(await t.http.get(`/api/v1/users/${user.id}/tokens/${issue.body.id}?fields=token`).set(admin()));
      expectNoStore(
        await t.http.post(`/api/v1/users/${user.id}/tokens/${issue.body.id}/refresh`).set(admin()).expect(201),
      );
    });

    it('not on answers that carry no credential', async () => {
      const response = await t.http.get('/api/v1/users').set(admin()).expect(200);
      expect(response.headers['cache-control']).toBeUndefined();
    });
  });

  describe('security headers', () => {
    it.each(['/api/v1/users', '/health', '/.well-known/jwks.json', '/api/v1/nothing-here'])(
      'sends nosniff and a no-content policy on %s',
      async (path) => {
        const response = await t.http.get(path).set(admin());
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      },
    );

    it('sends them on errors too', async () => {
      const response = await t.http.get('/api/v1/me');
      expect(response.status).toBe(401);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('still serves Swagger UI, under a policy that lets its own scripts run', async () => {
      const page = await t.http.get('/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const policy = page.headers['content-security-policy'];
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy).toContain("frame-ancestors 'none'");
      // The policy allows no inline script, so the page must have none for the UI to start.
      const scripts = page.text.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toMatch(/^<script src=[^>]+>\s*<\/script>$/);
      const assets = page.text.match(/(?:src|href)="\.\/docs\/[^"]+\.(?:js|css)"/g) ?? [];
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const asset of assets) {
        const path = asset.replace(/^(?:src|href)="\./, '').replace(/"$/, '');
        await t.http.get(path).expect(200);
      }
      const init = await t.http.get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('SwaggerUIBundle');
      const doc = await t.http.get('/docs-json').expect(200);
      expect(doc.headers['content-type']).toMatch(/^application\/json/);
      expect(doc.body.openapi).toMatch(/^3\./);
    });
  });
});
