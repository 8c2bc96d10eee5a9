import { bearer, createUser, STRONG_PASSWORD } from './factories';
import { errorFields, expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

describe('password strength (zxcvbn, no composition rules)', () => {
  const t = useTestApp();

  let counter = 0;
  const createWith = (fields: Record<string, unknown>) => {
    counter += 1;
    const username = `pw${counter}`;
    return t.http
      .post('/api/v1/users')
      .set(t.admin())
      .send({ username, email: `${username}@example.com`, ...fields });
  };

  it.each([
    ['Password123!', 'This is similar to a commonly used password.'],
    ['abcdefghijklmnop', 'Common character sequences like "abc" are easy to guess.'],
  ])('refuses %p, which people actually guess, saying why and what to do instead', async (password, warning) => {
    const response = await createWith({ password });
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual([
      {
        field: 'password',
        message: expect.stringMatching(/^password is too easy to guess \(strength \d of 4, at least 3 needed\): /),
      },
    ]);
    expect(response.body.errors[0].message).toContain(warning);
    expect(response.body.errors[0].message).toContain('Add more words that are less common.');
  });

  it('accepts a passphrase of plain lower-case words', async () => {
    await createWith({ password: 'kettle drum ferry lantern' }).expect(201);
  });

  it('names the weak password and the unknown role in one 400', async () => {
    const response = await createWith({ password: 'Password123!', roles: ['no-such-role'] });
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['password', 'roles']);
  });

  it("holds the user's own username and email against the password", async () => {
    const response = await createWith({ username: 'zephyrinequill', password: 'llIuqeniryhpeZ' });
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors[0].message).toContain('There should not be any personal or page related data.');
  });

  it('refuses a guessable new password on a password change, naming new_password', async () => {
    const user = await createUser(t);
    const response = await t.http
      .put(`/api/v1/users/${user.id}/password`)
      .set(bearer(user.token))
      .send({ current_password: user.password, new_password: 'Password123!' });
    expectProblem(response, 400, 'validation_failed');
    expect(errorFields(response)).toEqual(['new_password']);
  });

  it('follows service.password.min_score, which is 3 by default and 0–4', async () => {
    expect((await t.http.get('/api/v1/config/service.password.min_score').set(t.admin())).body).toEqual(
      expect.objectContaining({ value: 3, default: 3 }),
    );
    for (const value of [-1, 5]) {
      expectProblem(
        await t.http.put('/api/v1/config/service.password.min_score').set(t.admin()).send({ value }),
        400,
        'validation_failed',
      );
    }
    await t.withConfig({ 'service.password.min_score': 1 }, async () => {
      await createWith({ password: 'Password123!' }).expect(201);
      await t.setConfig('service.password.min_score', 4);
      expectProblem(await createWith({ password: 'Kettle7Drum' }), 400, 'validation_failed');
      await createWith({ password: STRONG_PASSWORD }).expect(201);
    });
  });
});
