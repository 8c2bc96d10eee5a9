import type { LoggedApp } from './captured-log';
import { startWithCapturedLog } from './captured-log';

const ADMIN = { username: 'admin', password: 'Admin-Secret-Pass-1' };
const LOGGED_ENV = {
  LOG_FORMAT: 'json',
  LOG_LEVEL: 'info',
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
};

async function loginToken(t: LoggedApp): Promise<string> {
  const login = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
  return login.body.access_token as string;
}

/** Sends one request and returns its URL as the request log line holds it, and the whole log it caused. */
async function logOf(t: LoggedApp, send: () => PromiseLike<unknown>): Promise<{ url: string; text: string }> {
  const mark = t.log.mark();
  await send();
  const urls = t.log.requestUrls(mark);
  expect(urls).toHaveLength(1);
  return { url: urls[0], text: t.log.since(mark) };
}

describe('the request log', () => {
  let t: LoggedApp;
  let token: string;

  beforeAll(async () => {
    t = await startWithCapturedLog(LOGGED_ENV);
    token = await loginToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes one access record per request, once answered: method, URL, client, status and time taken', async () => {
    const mark = t.log.mark();
    await t.http.get('/api/v1/me').expect(401);
    const records = t.log.records(mark).filter((record) => record.req !== undefined || record.res !== undefined);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/me', ip: expect.any(String) },
      res: { statusCode: 401 },
      responseTime: expect.any(Number),
    });
  });

  it('redacts a token sent as ?jwt= and still lets it authenticate', async () => {
    const logged = await logOf(t, () => t.http.get(`/api/v1/me?jwt=${token}`).expect(200));
    expect(logged.url).toBe('/api/v1/me?jwt=[REDACTED]');
    expect(logged.text).not.toContain(token);
  });

  it.each([
    ['an array', (jwt: string) => `jwt[]=${jwt}`],
    ['an indexed array', (jwt: string) => `jwt[0]=${jwt}`],
    ['a nested name', (jwt: string) => `a[jwt]=${jwt}`],
    ['a deeply nested name', (jwt: string) => `jwt[x][y]=${jwt}`],
    ['an encoded name', (jwt: string) => `%6Awt=${jwt}`],
    ['an encoded array name', (jwt: string) => `j%77t[]=${jwt}`],
    ['a name with a space', (jwt: string) => `jwt+=${jwt}`],
    ['a name with an encoded space', (jwt: string) => `%20jwt=${jwt}`],
    ['a repeated parameter', (jwt: string) => `jwt=${jwt}&jwt=${jwt}`],
    ['a name in mixed case', (jwt: string) => `JwT=${jwt}`],
    ['a malformed name', (jwt: string) => `page=1&%E0%A4%A=${jwt}`],
  ])('keeps a token sent as %s out of the log', async (_shape, query) => {
    const logged = await logOf(t, () => t.http.get(`/api/v1/me?${query(token)}`));
    expect(logged.url).toMatch(/^\/api\/v1\/me\?.*\[REDACTED\]/);
    expect(logged.text).not.toContain(token);
  });

  it('never logs the Authorization header or cookies', async () => {
    const logged = await logOf(t, () =>
      t.http
        .get('/api/v1/me')
        .set('authorization', `Bearer ${token}`)
        .set('cookie', `jwt_token=${token}; other=cookie-secret-value`)
        .expect(200),
    );
    expect(logged.url).toBe('/api/v1/me');
    expect(logged.text).not.toContain(token);
    expect(logged.text).not.toContain('cookie-secret-value');
    expect(logged.text).not.toMatch(/authorization|cookie/i);
  });
});

describe('the request log with a renamed token parameter', () => {
  let t: LoggedApp;

  beforeAll(async () => {
    t = await startWithCapturedLog({ ...LOGGED_ENV, SERVICE_JWT_QUERY_PARAM_NAME: 'access' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('redacts the configured parameter, which carries a working token', async () => {
    const token = await loginToken(t);
    const logged = await logOf(t, () => t.http.get(`/api/v1/me?access=${token}`).expect(200));
    expect(logged.url).toBe('/api/v1/me?access=[REDACTED]');
    expect(logged.text).not.toContain(token);
  });

  it('redacts it as an array too', async () => {
    const token = await loginToken(t);
    const logged = await logOf(t, () => t.http.get(`/api/v1/me?access[]=${token}`));
    expect(logged.url).toBe('/api/v1/me?access[]=[REDACTED]');
    expect(logged.text).not.toContain(token);
  });
});
