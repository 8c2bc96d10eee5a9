import { createHmac } from 'node:crypto';
import { ADMIN } from './app.factory';
import { bearer, STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const SIGNING_SECRET = 'e2e-signing-secret-that-is-long-enough-0123456789';
const OTHER_SECRET = 'another-secret-the-server-has-never-seen-9876543210';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a JWT by hand, so tests can craft what the server would never issue. */
function signHs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
  };
}

describe('login, access tokens and GET /me', () => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_SECRET: SIGNING_SECRET });

  /** A genuine access token of a fresh user, and its parts, from which the refused variants are crafted. */
  async function genuine() {
    const valid = (await t.createUser()).token;
    return { valid, ...decode(valid) };
  }

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });

  it('logs in with the username and answers a Bearer session with the user, without password fields', async () => {
    const jane = await t.createUser();
    const response = await login(jane.username, jane.password).expect(200);
    expect(response.body).toEqual(
      expect.objectContaining({
        token_type: 'Bearer',
        access_token: expect.any(String),
        expires_in: 900,
        user: expect.objectContaining({ id: jane.id, username: jane.username, status: 'active' }),
      }),
    );
    expect(Object.keys(response.body.user).filter((key) => /password/i.test(key))).toEqual([]);
    expect(JSON.stringify(response.body)).not.toContain(jane.password);
  });

  it('logs in with the email address, in any case', async () => {
    const jane = await t.createUser();
    const response = await login(`${jane.username}@EXAMPLE.com`, jane.password).expect(200);
    expect(response.body.user.id).toBe(jane.id);
  });

  it('answers a wrong password and an unknown user with the same 401 invalid_credentials problem', async () => {
    const jane = await t.createUser();
    const wrongPassword = await login(jane.username, 'Not-the-password-42');
    const unknownUser = await login('nobody-by-this-name', STRONG_PASSWORD);
    expectProblem(wrongPassword, 401, 'invalid_credentials');
    expectProblem(unknownUser, 401, 'invalid_credentials');
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it('refuses a blocked account with 403 account_blocked', async () => {
    const blocked = await t.createUser({ status: 'blocked' });
    expectProblem(await login(blocked.username, blocked.password), 403, 'account_blocked');
  });

  it('issues an at+jwt access token signed HS256 with a kid and the contract claims', async () => {
    const jane = await t.createUser();
    const { header, payload } = decode(jane.token);
    expect(header).toEqual(expect.objectContaining({ typ: 'at+jwt', alg: 'HS256', kid: expect.any(String) }));
    expect(payload).toEqual(
      expect.objectContaining({
        jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        sub: jane.id,
        iat: expect.any(Number),
        exp: (payload.iat as number) + 900,
        iss: 'jwt-access-manager',
        aud: 'api',
        token_use: 'access',
        refreshable: false,
        revocable: true,
        fam: expect.any(String),
      }),
    );
  });

  it('GET /me answers the account, its roles, policies and the claims of the token used', async () => {
    const jane = await t.createUser();
    const response = await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
    expect(response.body).toEqual({
      user: expect.objectContaining({ id: jane.id, username: jane.username }),
      roles: [],
      policies: expect.any(Array),
      claims: expect.objectContaining({ sub: jane.id, jti: decode(jane.token).payload.jti, token_use: 'access' }),
    });
    const admin = await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    expect(admin.body.user.username).toBe(ADMIN.username);
    expect(admin.body.roles).toEqual(['administrator']);
  });

  it('answers a request without a token with 401 invalid_token and a challenge without an error (RFC 6750 §3.1)', async () => {
    const response = await t.http.get('/api/v1/me');
    expectProblem(response, 401, 'invalid_token');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  /** 401 invalid_token with the RFC 6750 challenge: every unusable token, never a 500. */
  const refused = async (token: string) => {
    const response = await t.http.get('/api/v1/me').set(bearer(token));
    expectProblem(response, 401, 'invalid_token');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  };

  it('accepts a token re-signed with the configured secret, the base of the refused variants below are derived from', async () => {
    const { header, payload } = await genuine();
    await t.http
      .get('/api/v1/me')
      .set(bearer(signHs256(header, payload, SIGNING_SECRET)))
      .expect(200);
  });

  it('refuses an access token whose typ is not at+jwt, and an API token whose typ is at+jwt (RFC 9068)', async () => {
    const { header, payload } = await genuine();
    await refused(signHs256({ ...header, typ: 'JWT' }, payload, SIGNING_SECRET));
    await refused(signHs256({ alg: header.alg, kid: header.kid }, payload, SIGNING_SECRET));
    await refused(signHs256(header, { ...payload, token_use: 'api' }, SIGNING_SECRET));
    await t.http
      .get('/api/v1/me')
      .set(bearer(signHs256({ ...header, typ: 'application/AT+JWT' }, payload, SIGNING_SECRET)))
      .expect(200);
  });

  it.each([
    ['not a JWT at all', 'not-a-jwt'],
    ['three garbage segments', 'a.b.c'],
    ['a payload that is not base64url JSON', 'eyJhbGciOiJIUzI1NiJ9.%%%.abc'],
    ['a very long string', 'x'.repeat(5000)],
  ])('refuses a malformed token: %s', async (_name, token) => {
    await refused(token);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const { valid } = await genuine();
    const [h, p, s] = valid.split('.');
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    await refused(`${h}.${p}.${flipped}`);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const { valid, payload } = await genuine();
    const [h, , s] = valid.split('.');
    await refused(`${h}.${b64url({ ...payload, sub: 'someone-else' })}.${s}`);
  });

  it('refuses an unsigned token with alg none', async () => {
    const { header, payload } = await genuine();
    await refused(`${b64url({ ...header, alg: 'none' })}.${b64url(payload)}.`);
  });

  it('refuses a token naming a kid the server does not hold, as a bad signature, even signed with the configured secret', async () => {
    const { header, payload } = await genuine();
    const response = await t.http
      .get('/api/v1/me')
      .set(bearer(signHs256({ ...header, kid: 'retired-or-invented' }, payload, SIGNING_SECRET)));
    expectProblem(response, 401, 'invalid_token');
    expect(response.body.detail).toBe('The token signature is invalid.');
  });

  it('checks a token without a kid against the current key (RFC 7515 makes kid optional)', async () => {
    const { header, payload } = await genuine();
    const withoutKid: Record<string, unknown> = { ...header };
    delete withoutKid.kid;
    await t.http
      .get('/api/v1/me')
      .set(bearer(signHs256(withoutKid, payload, SIGNING_SECRET)))
      .expect(200);
    await refused(signHs256(withoutKid, payload, OTHER_SECRET));
  });

  it('refuses a token signed with another secret', async () => {
    const { header, payload } = await genuine();
    await refused(signHs256(header, payload, OTHER_SECRET));
  });

  it('refuses a token claiming HS512 though the server pins HS256', async () => {
    const { header, payload } = await genuine();
    const input = `${b64url({ ...header, alg: 'HS512' })}.${b64url(payload)}`;
    await refused(`${input}.${createHmac('sha512', SIGNING_SECRET).update(input).digest('base64url')}`);
  });

  it('refuses a correctly signed token from another issuer', async () => {
    const { header, payload } = await genuine();
    await refused(signHs256(header, { ...payload, iss: 'someone-else' }, SIGNING_SECRET));
  });

  it('refuses a correctly signed token for another audience', async () => {
    const { header, payload } = await genuine();
    await refused(signHs256(header, { ...payload, aud: 'another-api' }, SIGNING_SECRET));
  });

  it('refuses a correctly signed token without exp', async () => {
    const { header, payload } = await genuine();
    const { exp: _exp, ...withoutExp } = payload;
    await refused(signHs256(header, withoutExp, SIGNING_SECRET));
  });

  it("refuses a correctly signed API token whose jti is another user's registry entry", async () => {
    const jane = await t.createUser();
    const john = await t.createUser();
    const issued = await t.issueToken(jane.id);
    const { header, payload } = decode(issued.token);
    await t.http
      .get('/api/v1/me')
      .set(bearer(signHs256(header, payload, SIGNING_SECRET)))
      .expect(200);
    await refused(signHs256(header, { ...payload, sub: john.id }, SIGNING_SECRET));
  });

  it('says why a registry token was revoked when it refuses it', async () => {
    const jane = await t.createUser();
    await t.withConfig({ 'service.jwt.registry_size': 1 }, async () => {
      const evicted = await t.issueToken(jane.id);
      await t.issueToken(jane.id);
      const response = await t.http.get('/api/v1/me').set(bearer(evicted.token));
      expectProblem(response, 401, 'token_revoked');
      expect(response.body.detail).toContain('(evicted)');
    });
  });

  it('finds the token in the jwt query parameter', async () => {
    const jane = await t.createUser();
    const response = await t.http.get('/api/v1/me').query({ jwt: jane.token }).expect(200);
    expect(response.body.user.id).toBe(jane.id);
  });

  it('finds the token in the jwt_token cookie', async () => {
    const jane = await t.createUser();
    const response = await t.http.get('/api/v1/me').set('cookie', `jwt_token=${jane.token}`).expect(200);
    expect(response.body.user.id).toBe(jane.id);
  });

  it('prefers the Authorization header over the query parameter', async () => {
    const jane = await t.createUser();
    const john = await t.createUser();
    const response = await t.http.get('/api/v1/me').query({ jwt: john.token }).set(bearer(jane.token)).expect(200);
    expect(response.body.user.id).toBe(jane.id);
  });

  it('refuses an access token with 401 token_expired once expires_in and the clock tolerance have passed', async () => {
    const jane = await t.createUser();
    t.clock.advance(900 + 25);
    await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
    t.clock.advance(10);
    const response = await t.http.get('/api/v1/me').set(bearer(jane.token));
    expectProblem(response, 401, 'token_expired');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });
});
