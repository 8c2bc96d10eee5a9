import { Transactions } from '../src/database/transactions';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';

describe('GET /auth/jwt-login: the signed passwordless URL', () => {
  const t = useTestApp();

  /** The path and query of a signed URL, as the registry hands it out. */
  const pathOf = (signedUrl: string) => {
    const url = new URL(signedUrl);
    return `${url.pathname}${url.search}`;
  };
  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));

  it('answers a new session pair for the token holder with Accept: application/json', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    expect(pathOf(issued.signed_url)).toMatch(/^\/api\/v1\/auth\/jwt-login\?jwt=/);
    const answer = await t.http.get(pathOf(issued.signed_url)).set('accept', 'application/json').expect(200);
    expect(answer.headers['cache-control']).toMatch(/no-store/);
    expect(answer.body).toEqual(
      expect.objectContaining({
        token_type: 'Bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      }),
    );
    expect(claimsOf(answer.body.access_token)).toEqual(expect.objectContaining({ sub: user.id, token_use: 'access' }));
    await me(answer.body.access_token).expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refresh_token: answer.body.refresh_token }).expect(200);
    const events = await t.auditEvents({ type: 'login_succeeded', userId: user.id, jti: issued.id });
    expect(events).toEqual([expect.objectContaining({ detail: expect.objectContaining({ method: 'signed_url' }) })]);
  });

  it('redirects a browser to the console with the pair in the fragment, and keeps working (not single-use)', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    for (let visit = 0; visit < 2; visit += 1) {
      const answer = await t.http.get(pathOf(issued.signed_url)).set('accept', 'text/html').expect(302);
      const location = new URL(answer.headers.location);
      expect(`${location.origin}${location.pathname}`).toMatch(/^http:\/\/localhost:\d+\/console$/);
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      const fragment = new URLSearchParams(location.hash.slice(1));
      expect(fragment.get('token_type')).toBe('Bearer');
      await me(fragment.get('access_token') as string).expect(200);
    }
  });

  it('redirects to a path on this server or an allowed origin, and refuses anything else with 400 before signing in', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    const visit = (redirectTo: string) =>
      t.http.get(`${pathOf(issued.signed_url)}&redirect_to=${encodeURIComponent(redirectTo)}`);
    expect((await visit('/console/tokens').expect(302)).headers.location).toMatch(
      /^http:\/\/localhost:\d+\/console\/tokens#/,
    );
    await t.withConfig({ 'service.jwt.login_redirect_allowlist': ['https://app.example.com'] }, async () => {
      expect((await visit('https://app.example.com/cb').expect(302)).headers.location).toMatch(
        /^https:\/\/app\.example\.com\/cb#token_type=Bearer&access_token=/,
      );
    });
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%2fevil',
    ]) {
      const answer = await visit(bad);
      expectProblem(answer, 400, 'validation_failed');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'redirect_to' })]);
      expect(answer.headers.location).toBeUndefined();
    }
    expect(await t.auditEvents({ type: 'login_succeeded', userId: user.id, jti: issued.id })).toHaveLength(2);
  });

  it('refuses a revoked, expired, forged or session token with 401, and a missing jwt with 400', async () => {
    const user = await t.createUser();
    const revoked = await t.issueToken(user.id);
    await t.http.delete(`/api/v1/users/${user.id}/tokens/${revoked.id}`).set(t.admin()).expect(204);
    expectProblem(await t.http.get(pathOf(revoked.signed_url)), 401, 'token_revoked');
    const short = await t.issueToken(user.id, { expires_in: 60 });
    await t.advance(120);
    expectProblem(await t.http.get(pathOf(short.signed_url)), 401, 'token_expired');
    // A session access token is not a login URL's token.
    expectProblem(await t.http.get(`/api/v1/auth/jwt-login?jwt=${user.token}`), 401, 'invalid_token');
    expectProblem(await t.http.get('/api/v1/auth/jwt-login?jwt=a.b.c'), 401, 'invalid_token');
    expectProblem(await t.http.get('/api/v1/auth/jwt-login'), 400, 'validation_failed');
  });

  it('refuses the URL of a blocked account', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    await t.withConfig({ 'service.revocation.account_blocked': false }, async () => {
      await t.http.patch(`/api/v1/users/${user.id}`).set(t.admin()).send({ status: 'blocked' }).expect(200);
      expectProblem(await t.http.get(pathOf(issued.signed_url)), 401, 'token_account_blocked');
    });
  });

  it('refuses a URL whose token is revoked between its check and the session (re-checked under the lock)', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    const transactions = t.app.get(Transactions);
    const run = transactions.run.bind(transactions);
    // The revocation commits after the token was authenticated, just before the login's transaction.
    const spy = jest.spyOn(transactions, 'run').mockImplementationOnce(async (work) => {
      spy.mockRestore();
      await t.http.post('/api/v1/auth/revoke').send({ token: issued.token }).expect(200);
      return run(work);
    });
    const answer = await t.http.get(pathOf(issued.signed_url)).set('accept', 'application/json');
    expectProblem(answer, 401, 'token_revoked');
    const sessions = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(t.admin()).expect(200);
    expect(sessions.body.total).toBe(1);
  });

  it('starts no session for a HEAD request (a link preview or prefetch)', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    await t.http.head(pathOf(issued.signed_url)).expect(200);
    const sessions = await t.http.get(`/api/v1/users/${user.id}/sessions`).set(t.admin()).expect(200);
    expect(sessions.body.total).toBe(1);
  });

  it('takes this server by address as well as by name (the origins the cookie check knows)', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id);
    const port = new URL((await t.http.get(pathOf(issued.signed_url)).expect(302)).headers.location).port;
    const answer = await t.http
      .get(`${pathOf(issued.signed_url)}&redirect_to=${encodeURIComponent(`http://127.0.0.1:${port}/x`)}`)
      .expect(302);
    expect(answer.headers.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/x#`));
  });
});
