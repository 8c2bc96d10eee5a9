import { randomBytes } from 'node:crypto';
import { STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const EVIL = 'https://evil.example';
const CONSOLE = 'https://console.example.com';
/** service.public_url is unset in tests, so the server's own origin is http://localhost:<PORT>. */
const OWN = 'http://localhost:3000';

describe('a token from the cookie cannot be used cross-site', () => {
  const t = useTestApp({ PORT: '3000', SERVICE_JWT_COOKIE_ORIGIN_ALLOWLIST: CONSOLE });
  let cookie: string;

  beforeEach(() => {
    cookie = `jwt_token=${t.adminToken}`;
  });

  const newUser = () => {
    const username = `csrf${randomBytes(4).toString('hex')}`;
    return { username, email: `${username}@example.com`, password: STRONG_PASSWORD, roles: ['administrator'] };
  };
  const exists = async (username: string) =>
    (await t.http.get('/api/v1/users').query({ search: username }).set(t.admin()).expect(200)).body.total > 0;

  it('refuses the form post of the attack with 415 and creates no administrator', async () => {
    const { username, email, password } = newUser();
    const response = await t.http
      .post('/api/v1/users')
      .set('cookie', cookie)
      .set('origin', EVIL)
      .type('form')
      .send(`username=${username}&email=${email}&password=${password}&roles=administrator&roles=administrator`);
    expectProblem(response, 415, 'unsupported_media_type');
    expect(await exists(username)).toBe(false);
  });

  it('refuses a JSON post with the cookie from another origin with 403 csrf_rejected and changes nothing', async () => {
    const user = newUser();
    const response = await t.http.post('/api/v1/users').set('cookie', cookie).set('origin', EVIL).send(user);
    expectProblem(response, 403, 'csrf_rejected');
    expect(await exists(user.username)).toBe(false);
  });

  it.each([
    ['Origin', 'origin', EVIL],
    ['Referer', 'referer', `${EVIL}/form.html`],
    ['opaque Origin', 'origin', 'null'],
  ])('refuses a cookie request whose %s is foreign', async (_case, header, value) => {
    const user = newUser();
    const response = await t.http.post('/api/v1/users').set('cookie', cookie).set(header, value).send(user);
    expectProblem(response, 403, 'csrf_rejected');
    expect(await exists(user.username)).toBe(false);
  });

  it('refuses an unsafe cookie request that shows neither Origin nor Referer', async () => {
    const user = newUser();
    expectProblem(await t.http.post('/api/v1/users').set('cookie', cookie).send(user), 403, 'csrf_rejected');
    expect(await exists(user.username)).toBe(false);
  });

  it.each([
    ["the server's own Origin", 'origin', OWN],
    ['an allowlisted Origin', 'origin', CONSOLE],
    ["a Referer from the server's own pages", 'referer', `${OWN}/console/users?page=2`],
    ['a Referer from an allowlisted page', 'referer', `${CONSOLE}/admin`],
  ])('accepts a cookie request from %s', async (_case, header, value) => {
    const user = newUser();
    await t.http.post('/api/v1/users').set('cookie', cookie).set(header, value).send(user).expect(201);
    expect(await exists(user.username)).toBe(true);
  });

  it('judges PATCH and DELETE with the cookie by origin too', async () => {
    const user = newUser();
    const { id } = (await t.http.post('/api/v1/users').set(t.admin()).send(user).expect(201)).body;
    const patch = t.http.patch(`/api/v1/users/${id}`).set('cookie', cookie).set('origin', EVIL);
    expectProblem(await patch.send({ display_name: 'Hijacked' }), 403, 'csrf_rejected');
    expectProblem(
      await t.http.delete(`/api/v1/users/${id}`).set('cookie', cookie).set('origin', EVIL),
      403,
      'csrf_rejected',
    );
    const after = await t.http.get(`/api/v1/users/${id}`).set(t.admin()).expect(200);
    expect(after.body.display_name).not.toBe('Hijacked');
    await t.http.delete(`/api/v1/users/${id}`).set('cookie', cookie).set('origin', OWN).expect(204);
  });

  it('lets safe methods with the cookie through from any origin', async () => {
    await t.http.get('/api/v1/me').set('cookie', cookie).set('origin', EVIL).expect(200);
    await t.http.get('/api/v1/users').set('cookie', cookie).expect(200);
  });

  it('does not judge header or query tokens by origin', async () => {
    const viaHeader = newUser();
    await t.http.post('/api/v1/users').set(t.admin()).set('origin', EVIL).send(viaHeader).expect(201);
    const viaQuery = newUser();
    await t.http.post('/api/v1/users').query({ jwt: t.adminToken }).set('origin', EVIL).send(viaQuery).expect(201);
    expect(await exists(viaHeader.username)).toBe(true);
    expect(await exists(viaQuery.username)).toBe(true);
  });

  it('judges by where the token was found, not by which headers came along', async () => {
    // A header token wins in the default order, so the cookie beside it is not what authenticates.
    const user = newUser();
    await t.http
      .post('/api/v1/users')
      .set(t.admin())
      .set('cookie', 'jwt_token=not-a-token')
      .set('origin', EVIL)
      .send(user)
      .expect(201);
  });

  it('says in the OpenAPI document which operations can answer csrf_rejected', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/users'].post.responses['403'].description).toContain('csrf_rejected');
    expect(doc.paths['/api/v1/users/{id}'].delete.responses['403'].description).toContain('csrf_rejected');
    expect(JSON.stringify(doc.paths['/api/v1/users'].get.responses['403'] ?? {})).not.toContain('csrf_rejected');
    expect(JSON.stringify(doc.paths['/api/v1/auth/login'].post.responses)).not.toContain('csrf_rejected');
  });

  describe('with service.public_url set', () => {
    beforeAll(async () => {
      await t.http
        .put('/api/v1/config/service.public_url')
        .set(t.admin())
        .send({ value: 'https://auth.example.com' })
        .expect(200);
    });
    afterAll(async () => {
      await t.http.delete('/api/v1/config/service.public_url').set(t.admin()).expect(204);
    });

    it('takes the configured origin as its own, and no longer localhost', async () => {
      await t.http
        .post('/api/v1/users')
        .set('cookie', cookie)
        .set('origin', 'https://auth.example.com')
        .send(newUser())
        .expect(201);
      expectProblem(
        await t.http.post('/api/v1/users').set('cookie', cookie).set('origin', OWN).send(newUser()),
        403,
        'csrf_rejected',
      );
    });
  });

  it('refuses an allowlist entry that is not an origin, and changes nothing', async () => {
    const response = await t.http
      .put('/api/v1/config/service.jwt.cookie_origin_allowlist')
      .set(t.admin())
      .send({ value: 'https://console.example.com/admin' });
    expectProblem(response, 400, 'validation_failed');
    const option = await t.http.get('/api/v1/config/service.jwt.cookie_origin_allowlist').set(t.admin()).expect(200);
    expect(option.body.value).toEqual([CONSOLE]);
  });
});
