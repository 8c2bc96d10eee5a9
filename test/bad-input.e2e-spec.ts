import { startTestApp, TestApp } from './app.factory';
import { bearer, createUser } from './factories';
import { expectProblem } from './factories/problem';

describe('hostile input is a 4xx, never a 500', () => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp();
    userId = (await createUser(t)).id;
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminToken);

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('treats %s as an unknown option, not as a catalogue property', async (name) => {
    expectProblem(await t.http.get(`/api/v1/config/${name}`).set(admin()), 404, 'not_found');
    expectProblem(await t.http.put(`/api/v1/config/${name}`).set(admin()).send({ value: 1 }), 404, 'not_found');
    expectProblem(await t.http.delete(`/api/v1/config/${name}`).set(admin()), 404, 'not_found');
    const ini = await t.http.put('/api/v1/configpress').set(admin()).set('content-type', 'text/plain').send(`${name} = 1\n`);
    expectProblem(ini, 400, 'validation_failed');
    expect(ini.body.errors).toEqual([{ field: 'line 1', message: `unknown option ${name}` }]);
  });

  it.each(['/api/v1/users', '/api/v1/roles', '/api/v1/users/{id}/tokens'])('refuses an absurd page number on %s', async (path) => {
    for (const page of ['1e300', '1000001', '9007199254740993']) {
      const response = await t.http.get(`${path.replace('{id}', userId)}?page=${page}`).set(admin());
      expectProblem(response, 400, 'validation_failed');
    }
  });
});
