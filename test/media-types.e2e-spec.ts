import { ADMIN } from './app.factory';

import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

describe('request bodies are JSON unless a route says otherwise', () => {
  const t = useTestApp();
  let userId: string;

  beforeAll(async () => {
    userId = (await t.createUser()).id;
  });

  const admin = () => t.admin();

  it.each([
    ['text/plain', JSON.stringify(ADMIN)],
    ['application/x-www-form-urlencoded', `username=${ADMIN.username}&password=${ADMIN.password}`],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nadmin\r\n--x--`],
    ['application/merge-patch+json', JSON.stringify(ADMIN)],
  ])('refuses a login sent as %s with 415', async (type, body) => {
    const response = await t.http.post('/api/v1/auth/login').set('content-type', type).send(body);
    expectProblem(response, 415, 'unsupported_media_type');
    expect(response.body.detail).toBe('Send application/json.');
  });

  it('takes JSON with a charset parameter', async () => {
    await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(ADMIN))
      .expect(200);
  });

  it('refuses a form body on an authenticated JSON route before acting', async () => {
    const response = await t.http
      .patch(`/api/v1/users/${userId}`)
      .set(admin())
      .type('form')
      .send('display_name=Formed&roles=administrator');
    expectProblem(response, 415, 'unsupported_media_type');
    const user = await t.http.get(`/api/v1/users/${userId}`).set(admin()).expect(200);
    expect(user.body).toEqual(expect.objectContaining({ roles: [], display_name: null }));
  });

  it('takes text/plain INI and JSON on PUT /configpress, and nothing else', async () => {
    await t.http.put('/api/v1/configpress').set(admin()).set('content-type', 'text/plain').send('').expect(200);
    await t.http.put('/api/v1/configpress').set(admin()).send({ ini: '' }).expect(200);
    const form = await t.http.put('/api/v1/configpress').set(admin()).type('form').send('ini=x');
    expectProblem(form, 415, 'unsupported_media_type');
    expect(form.body.detail).toBe('Send text/plain or application/json.');
  });

  it('names what PUT /configpress takes, for a media type it does not take or a Content-Type that is none', async () => {
    for (const type of ['application/xml', 'text/plain/ini', 'ini']) {
      const response = await t.http.put('/api/v1/configpress').set(admin()).set('content-type', type).send('a=1');
      expectProblem(response, 415, 'unsupported_media_type');
      expect(response.body.detail).toBe('Send text/plain or application/json.');
    }
  });

  describe('a body without a Content-Type', () => {
    /** superagent labels a string body itself; a Buffer it sends as it is, without a Content-Type. */
    const unlabelled = (body: unknown) => Buffer.from(JSON.stringify(body));

    it('is refused with 415 before the route acts on it', async () => {
      const tokens = `/api/v1/users/${userId}/tokens`;
      const response = await t.http
        .post(tokens)
        .set(admin())
        .send(unlabelled({ description: 'unlabelled' }));
      expect(response.request.getHeader('content-type')).toBeUndefined();
      expectProblem(response, 415, 'unsupported_media_type');
      expect(response.body.detail).toBe('Send application/json.');
      const registry = await t.http.get(tokens).set(admin()).expect(200);
      expect(registry.body.items.map((entry: { description: string }) => entry.description)).not.toContain(
        'unlabelled',
      );
    });

    it('is refused with what the route takes', async () => {
      const response = await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .send(unlabelled({ ini: '' }));
      expectProblem(response, 415, 'unsupported_media_type');
      expect(response.body.detail).toBe('Send text/plain or application/json.');
    });
  });

  it('takes requests with no body and no Content-Type', async () => {
    const issued = await t.http.post(`/api/v1/users/${userId}/tokens`).set(admin()).expect(201);
    await t.http.get(`/api/v1/users/${userId}/tokens`).set(admin()).expect(200);
    await t.http.delete(`/api/v1/users/${userId}/tokens/${issued.body.id}`).set(admin()).expect(204);
  });

  it('says in the OpenAPI document which media types PUT /configpress takes', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths['/api/v1/configpress'].put.requestBody.content).sort()).toEqual([
      'application/json',
      'text/plain',
    ]);
  });
});
