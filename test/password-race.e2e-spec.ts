import { randomBytes } from 'node:crypto';
import { bearer, createUser, issueToken } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const RACERS = 20;

/** 20 argon2 verifications and hashes on a shared 2-core machine take longer than jest's default 5 s. */
describe('racing changes of your own password', () => {
  const t = useTestApp();

  it('lets exactly one of 20 parallel changes with the same current password win; the rest are refused', async () => {
    const user = await createUser(t);
    const registryToken = (await issueToken(t, user.id)).token;
    const passwords = Array.from({ length: RACERS }, () => `${randomBytes(12).toString('base64url')}-Tq9`);

    const responses = await Promise.all(
      passwords.map((newPassword) =>
        t.http
          .put(`/api/v1/users/${user.id}/password`)
          .set(bearer(user.token))
          .send({ new_password: newPassword, current_password: user.password }),
      ),
    );

    const winners = responses.flatMap((response, i) => (response.status === 200 ? [i] : []));
    expect(winners).toHaveLength(1);
    const [winner] = winners;
    // A loser authenticated before the winner committed fails the current-password check under
    // the row lock; one authenticated after it presents a token the change revoked.
    const losers = responses.filter((_, i) => i !== winner);
    for (const response of losers)
      expectProblem(response, response.status, response.status === 401 ? 'token_revoked' : 'invalid_current_password');
    expect(losers.map((response) => response.status).filter((status) => status !== 400 && status !== 401)).toEqual([]);

    const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));
    const session = responses[winner].body.session.access_token as string;
    await me(session).expect(200);
    expectProblem(await me(user.token), 401, 'token_revoked');
    expectProblem(await me(registryToken), 401, 'token_revoked');

    const login = (password: string) => t.http.post('/api/v1/auth/login').send({ username: user.username, password });
    const fresh = await login(passwords[winner]).expect(200);
    await me(fresh.body.access_token).expect(200);
    expectProblem(await login(user.password), 401, 'invalid_credentials');
    expectProblem(await login(passwords[(winner + 1) % RACERS]), 401, 'invalid_credentials');
  }, 30_000);
});
