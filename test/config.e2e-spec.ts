import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envNameOf, OPTION_KEYS } from '../src/config/catalogue';
import type { OptionKey } from '../src/config/catalogue';
import { ConfigService } from '../src/config/config.service';
import { RATE_LIMITS_OFF, startupError } from './app.factory';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';
import { fakeIntervalsOnly } from './fake-clock';

// Each describe block below starts its own app and runs all its tests on it; no test uses an app
// of another block, whatever order the blocks run in.
describe('configuration (ConfigPress: /config, /configpress)', () => {
  describe('at runtime', () => {
    const t = useTestApp();
    const admin = () => t.admin();
    const option = async (key: string) => (await t.http.get(`/api/v1/config/${key}`).set(admin()).expect(200)).body;
    const loginAdmin = () => t.loginAdmin();

    afterEach(async () => {
      // Each test starts from an empty runtime layer, and with a session signed under it (the signing key or issuer may have changed).
      await t.http.put('/api/v1/configpress').set(admin()).set('content-type', 'text/plain').send('').expect(200);
      await loginAdmin();
    });

    it('lists every option with its key, value, default, source and description', async () => {
      const response = await t.http.get('/api/v1/config').set(admin()).expect(200);
      expect(response.body.map((o: { key: string }) => o.key).sort()).toEqual([...OPTION_KEYS].sort());
      // The test app sets nothing but the rate limits (off) in the environment.
      const sourceOf = (key: OptionKey) => (envNameOf(key) in RATE_LIMITS_OFF ? 'env' : 'default');
      for (const entry of response.body) {
        expect(entry).toEqual(
          expect.objectContaining({
            key: expect.any(String),
            source: sourceOf(entry.key),
            description: expect.any(String),
          }),
        );
        expect(entry).toHaveProperty('value');
        expect(entry).toHaveProperty('default');
      }
      expect(response.body).toContainEqual(
        expect.objectContaining({ key: 'service.jwt.expires_in', value: 86400, default: 86400, source: 'default' }),
      );
    });

    it('refuses to store a secret option in the database (a database leak must not yield the signing key)', async () => {
      const secret = 'S3cret-'.padEnd(40, 'q');
      const refused = await t.http
        .put('/api/v1/config/service.jwt.signing_secret')
        .set(admin())
        .send({ value: secret })
        .expect(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(refused.body.errors).toEqual([
        { field: 'value', message: expect.stringContaining('environment or the ConfigPress file') },
      ]);
      expect(JSON.stringify(refused.body)).not.toContain(secret);
      const ini = await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send(`service.jwt.signing_secret = ${secret}\n`)
        .expect(400);
      expect(ini.body.errors).toEqual([
        { field: 'line 1', message: expect.stringContaining('environment or the ConfigPress file') },
      ]);
      expect(await option('service.jwt.signing_secret')).toMatchObject({ value: '', source: 'default' });
      await t.http.get('/api/v1/me').set(admin()).expect(200);
    });

    it('applies a change on the next request: a new token gets the new service.jwt.expires_in', async () => {
      const set = await t.http
        .put('/api/v1/config/service.jwt.expires_in')
        .set(admin())
        .send({ value: 3600 })
        .expect(200);
      expect(set.body).toMatchObject({
        key: 'service.jwt.expires_in',
        value: 3600,
        default: 86400,
        source: 'database',
      });

      const user = await t.createUser();
      const issued = await t.issueToken(user.id);
      expect((issued.claims.exp as number) - (issued.claims.iat as number)).toBe(3600);
    });

    it('shows in GET /configpress the runtime layer alone, not the options of the lower layers', async () => {
      expect((await t.http.get('/api/v1/configpress').set(admin()).expect(200)).text).toBe('[aam]\n');
      await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 4 }).expect(200);
      expect((await t.http.get('/api/v1/configpress').set(admin()).expect(200)).text).toBe(
        '[aam]\nservice.jwt.registry_size = 4\n',
      );
    });

    it('tells its change listeners exactly the options whose effective value changed', async () => {
      const heard: string[][] = [];
      t.app.get(ConfigService).onChange((changed) => {
        heard.push(changed);
      });
      const put = (key: string, value: unknown) =>
        t.http.put(`/api/v1/config/${key}`).set(admin()).send({ value }).expect(200);
      await put('service.jwt.registry_size', 4);
      await put('service.jwt.registry_size', '4');
      await put('service.jwt.expires_in', 86400); // the default: stored, but the effective value stays
      await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send('service.jwt.registry_size = 4\nservice.jwt.registry_overflow = reject\n')
        .expect(200);
      expect(heard).toEqual([['service.jwt.registry_size'], ['service.jwt.registry_overflow']]);
    });

    it('accepts AAM v6 alias names for reading and writing', async () => {
      await t.http.put('/api/v1/config/authentication.jwt.expires').set(admin()).send({ value: '7200' }).expect(200);
      expect(await option('authentication.jwt.expires')).toMatchObject({
        key: 'service.jwt.expires_in',
        value: 7200,
        source: 'database',
      });
      expect(await option('service.jwt.expires_in')).toMatchObject({ value: 7200, source: 'database' });
    });

    it.each([
      ['below the range', 'service.jwt.registry_size', 0],
      ['of the wrong type', 'service.jwt.registry_size', 'many'],
      ['outside the allowed values', 'service.jwt.registry_overflow', 'drop'],
    ])('refuses a value %s with 400 and changes nothing', async (_, key, value) => {
      const before = await option(key);
      const response = await t.http.put(`/api/v1/config/${key}`).set(admin()).send({ value }).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'value' })]);
      expect(await option(key)).toEqual(before);
    });

    it('refuses a PUT without a value with 400', async () => {
      const response = await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({}).expect(400);
      expect(response.body.code).toBe('validation_failed');
    });

    it('answers 404 for an unknown option', async () => {
      const get = await t.http.get('/api/v1/config/service.jwt.no_such_option').set(admin()).expect(404);
      expect(get.body.code).toBe('not_found');
      expectProblem(
        await t.http.put('/api/v1/config/service.jwt.no_such_option').set(admin()).send({ value: 1 }),
        404,
        'not_found',
      );
      expectProblem(await t.http.delete('/api/v1/config/service.jwt.no_such_option').set(admin()), 404, 'not_found');
    });

    it('falls back to the lower layer on DELETE', async () => {
      await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 4 }).expect(200);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 4, source: 'database' });

      await t.http.delete('/api/v1/config/service.jwt.registry_size').set(admin()).expect(204);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
    });

    describe('PUT /configpress', () => {
      it('replaces the whole runtime layer with text/plain INI', async () => {
        await t.http.put('/api/v1/config/service.jwt.expires_in').set(admin()).send({ value: 3600 }).expect(200);

        const response = await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .set('content-type', 'text/plain')
          .send('[aam]\nservice.jwt.registry_size = 5\n; a comment\nservice.jwt.registry_overflow = reject\n')
          .expect(200);
        expect(response.text).toContain('service.jwt.registry_size = 5');

        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 5, source: 'database' });
        expect(await option('service.jwt.registry_overflow')).toMatchObject({ value: 'reject', source: 'database' });
        expect(await option('service.jwt.expires_in')).toMatchObject({ value: 86400, source: 'default' });
        const ini = await t.http.get('/api/v1/configpress').set(admin()).expect(200);
        expect(ini.text).toBe(response.text);
      });

      it('takes JSON {ini} too', async () => {
        await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .send({ ini: 'service.jwt.registry_size = 7\n' })
          .expect(200);
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 7, source: 'database' });
      });

      it('refuses a JSON body that is a bare string instead of {ini}, and changes nothing', async () => {
        const response = await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .set('content-type', 'application/json')
          .send(JSON.stringify('service.jwt.registry_size = 7\n'));
        expectProblem(response, 400, 'validation_failed');
        expect(response.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('{"ini"') }]);
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
      });

      it('refuses a text with errors, one per bad line, and changes nothing', async () => {
        await t.http.put('/api/v1/config/service.jwt.expires_in').set(admin()).send({ value: 3600 }).expect(200);

        const text = [
          '[aam]',
          'service.jwt.registry_size = 0',
          'service.jwt.no_such_option = 1',
          'service.jwt.registry_overflow = reject',
          'just some words',
        ].join('\n');
        const response = await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .set('content-type', 'text/plain')
          .send(text)
          .expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe('validation_failed');
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['line 2', 'line 3', 'line 5']);
        expect(response.body.detail).toBe('The ConfigPress text has errors; nothing was changed.');
        for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));

        expect(await option('service.jwt.expires_in')).toMatchObject({ value: 3600, source: 'database' });
        expect(await option('service.jwt.registry_overflow')).toMatchObject({ value: 'evict', source: 'default' });
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
      });

      it('names the errors in line order, a secret line among them', async () => {
        const response = await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .set('content-type', 'text/plain')
          .send(
            'service.jwt.signing_secret = S3cret-qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\nservice.jwt.registry_size = 0\n',
          )
          .expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['line 1', 'line 2']);
      });
    });

    describe('a configuration the server cannot run on as a whole (a key file that does not exist)', () => {
      const missing = join(tmpdir(), 'jam-no-such-directory', 'key.pem');
      const PRIVATE = 'service.jwt.private_cert_path does not exist';
      const PUBLIC = 'service.jwt.public_cert_path does not exist';

      it('is refused on PUT /config with 400 naming why, and nothing changes', async () => {
        const response = await t.http
          .put('/api/v1/config/service.jwt.private_cert_path')
          .set(admin())
          .send({ value: missing });
        expectProblem(response, 400, 'validation_failed');
        expect(response.body).toMatchObject({ detail: PRIVATE, errors: [{ field: 'value', message: PRIVATE }] });
        expect(await option('service.jwt.private_cert_path')).toMatchObject({ value: '', source: 'default' });
      });

      it('is refused on PUT /configpress with every reason, and no line of the text is applied', async () => {
        const response = await t.http
          .put('/api/v1/configpress')
          .set(admin())
          .set('content-type', 'text/plain')
          .send(
            `service.jwt.registry_size = 5\nservice.jwt.private_cert_path = ${missing}\nservice.jwt.public_cert_path = ${missing}\n`,
          );
        expectProblem(response, 400, 'validation_failed');
        expect(response.body).toMatchObject({
          detail: `${PRIVATE} ${PUBLIC}`,
          errors: [
            { field: 'value', message: PRIVATE },
            { field: 'value', message: PUBLIC },
          ],
        });
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
        expect(await option('service.jwt.private_cert_path')).toMatchObject({ value: '', source: 'default' });
      });
    });

    describe('options that change how tokens are checked', () => {
      it('refuses tokens issued under an earlier service.jwt.issuer, while new logins work', async () => {
        const user = await t.createUser();
        const apiToken = (await t.issueToken(user.id)).token;
        const oldAdminToken = t.adminToken;

        await t.http
          .put('/api/v1/config/service.jwt.issuer')
          .set(admin())
          .send({ value: 'https://auth.example.com' })
          .expect(200);

        for (const token of [oldAdminToken, user.token, apiToken]) {
          const refused = await t.http.get('/api/v1/me').set(bearer(token));
          expectProblem(refused, 401, 'invalid_token');
          expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
        }
        await loginAdmin();
        const me = await t.http.get('/api/v1/me').set(admin()).expect(200);
        expect(me.body.claims.iss).toBe('https://auth.example.com');
      });

      it('signs the next login with a service.jwt.signing_algorithm set at runtime, and the old one after a reset', async () => {
        const algorithm = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg;
        await t.http
          .put('/api/v1/config/service.jwt.signing_algorithm')
          .set(admin())
          .send({ value: 'HS512' })
          .expect(200);
        expect(algorithm(await loginAdmin())).toBe('HS512');
        await t.http.get('/api/v1/me').set(admin()).expect(200);
        await t.http.delete('/api/v1/config/service.jwt.signing_algorithm').set(admin()).expect(204);
        expect(algorithm(await loginAdmin())).toBe('HS256');
      });

      it('ignores a header token when service.jwt.bearer is "cookie", and reads the cookie', async () => {
        const user = await t.createUser();
        await t.http.put('/api/v1/config/service.jwt.bearer').set(admin()).send({ value: 'cookie' }).expect(200);

        expectProblem(await t.http.get('/api/v1/me').set(bearer(user.token)), 401, 'invalid_token');
        const me = await t.http.get('/api/v1/me').set('cookie', `jwt_token=${user.token}`).expect(200);
        expect(me.body.user.id).toBe(user.id);

        // The cleanup in afterEach sends a header token, so restore the default through the cookie
        // (from the server's own origin: an unsafe method with the cookie needs one).
        await t.http
          .delete('/api/v1/config/service.jwt.bearer')
          .set('cookie', `jwt_token=${t.adminToken}`)
          .set('origin', 'http://localhost:3000')
          .expect(204);
        await t.http.get('/api/v1/me').set(bearer(user.token)).expect(200);
      });
    });

    it('refuses every config route to a user who is not an administrator with 403', async () => {
      const user = await t.createUser();
      const own = bearer(user.token);
      const attempts = [
        t.http.get('/api/v1/config').set(own),
        t.http.get('/api/v1/config/service.jwt.expires_in').set(own),
        t.http.put('/api/v1/config/service.jwt.expires_in').set(own).send({ value: 60 }),
        t.http.delete('/api/v1/config/service.jwt.expires_in').set(own),
        t.http.get('/api/v1/configpress').set(own),
        t.http.put('/api/v1/configpress').set(own).send({ ini: 'service.jwt.expires_in = 60' }),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('access_denied');
      }
      expect(await option('service.jwt.expires_in')).toMatchObject({ value: 86400, source: 'default' });
    });
  });

  describe('at start-up, a configuration the server misread', () => {
    it('stops the start on bad options in the environment, naming each variable and what is wrong', async () => {
      const error = await startupError({ SERVICE_JWT_REGISTRY_SIZE: '0', SERVICE_JWT_BEARER: 'body' });
      expect(error.message).toBe(
        [
          'Invalid configuration in the environment:',
          'SERVICE_JWT_BEARER: service.jwt.bearer: must be a comma-separated list of header, query_param, cookie',
          'SERVICE_JWT_REGISTRY_SIZE: service.jwt.registry_size: must be at least 1',
        ].join('\n'),
      );
    });

    it('stops the start on a ConfigPress file with errors, naming the file and each line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jam-configpress-'));
      try {
        const path = join(dir, 'configpress.ini');
        writeFileSync(path, '[aam]\nservice.jwt.registry_size = 0\nbare\n');
        const error = await startupError({ CONFIGPRESS_FILE: path });
        expect(error.message).toBe(
          [
            `Invalid ConfigPress file ${path}:`,
            '  line 2: service.jwt.registry_size: must be at least 1',
            '  line 3: expected "option = value"',
          ].join('\n'),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('with a CONFIGPRESS_FILE', () => {
    // Written while the spec file is collected: the fixture's beforeAll starts the app from it.
    const dir = mkdtempSync(join(tmpdir(), 'jam-configpress-'));
    const path = join(dir, 'configpress.ini');
    writeFileSync(path, '[aam]\nservice.jwt.registry_size = 4\nauthentication.jwt.expires = 1800\n');
    const withFile = useTestApp({ CONFIGPRESS_FILE: path });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports options set in the file with source "file", and the runtime layer over it falls back to the file', async () => {
      const get = (key: string) => withFile.http.get(`/api/v1/config/${key}`).set(withFile.admin()).expect(200);
      expect((await get('service.jwt.registry_size')).body).toMatchObject({ value: 4, default: 10, source: 'file' });
      expect((await get('service.jwt.expires_in')).body).toMatchObject({ value: 1800, source: 'file' });

      await withFile.http
        .put('/api/v1/config/service.jwt.registry_size')
        .set(withFile.admin())
        .send({ value: 6 })
        .expect(200);
      expect((await get('service.jwt.registry_size')).body).toMatchObject({ value: 6, source: 'database' });
      await withFile.http.delete('/api/v1/config/service.jwt.registry_size').set(withFile.admin()).expect(204);
      expect((await get('service.jwt.registry_size')).body).toMatchObject({ value: 4, source: 'file' });
    });
  });

  describe('with options in the environment', () => {
    const SECRET = 'env-signing-secret-that-is-long-enough-0123456789';
    const withEnv = useTestApp({ SERVICE_JWT_REGISTRY_SIZE: '3', SERVICE_JWT_SIGNING_SECRET: SECRET });

    it('reports an option set in the environment with source "env"', async () => {
      const response = await withEnv.http
        .get('/api/v1/config/service.jwt.registry_size')
        .set(withEnv.admin())
        .expect(200);
      expect(response.body).toMatchObject({ key: 'service.jwt.registry_size', value: 3, default: 10, source: 'env' });
    });

    it('never shows the signing secret, neither in /config nor in /configpress', async () => {
      const admin = withEnv.admin();
      expect(
        (await withEnv.http.get('/api/v1/config/service.jwt.signing_secret').set(admin).expect(200)).body,
      ).toMatchObject({ value: '********', source: 'env', secret: true });
      const list = await withEnv.http.get('/api/v1/config').set(admin).expect(200);
      expect(list.body).toContainEqual(
        expect.objectContaining({ key: 'service.jwt.signing_secret', value: '********' }),
      );
      const ini = await withEnv.http.get('/api/v1/configpress').set(admin).expect(200);
      expect(ini.headers['content-type']).toMatch(/^text\/plain/);
      for (const body of [JSON.stringify(list.body), ini.text]) expect(body).not.toContain(SECRET);
    });
  });

  describe("with another instance's changes in the shared database", () => {
    // Only the reload timer is faked: the app's I/O and the fixture's own waits run on real time.
    beforeAll(() => {
      fakeIntervalsOnly();
    });
    const shared = useTestApp();
    afterAll(() => jest.useRealTimers());
    const option = async (key: string) =>
      (await shared.http.get(`/api/v1/config/${key}`).set(shared.admin()).expect(200)).body;
    /** What another instance writes: a runtime-layer row straight into the table. */
    const rows = () => shared.dataSource.getRepository('ConfigValue');
    const row = (key: string, value: unknown) => ({
      key,
      value: JSON.stringify(value),
      updatedAt: new Date(),
      updatedBy: null,
    });

    it('picks up an option another instance set within five seconds, not before', async () => {
      await rows().insert({ key: 'service.jwt.registry_size', value: '5', updatedAt: new Date(), updatedBy: null });
      await jest.advanceTimersByTimeAsync(4999);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
      await jest.advanceTimersByTimeAsync(1);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 5, source: 'database' });
      await rows().update({ key: 'service.jwt.registry_size' }, { value: '6' });
      await jest.advanceTimersByTimeAsync(5000);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 6, source: 'database' });
      await shared.http.delete('/api/v1/config/service.jwt.registry_size').set(shared.admin()).expect(204);
    });

    it('picks up a change of one of several stored options', async () => {
      await rows().insert([row('service.jwt.registry_size', 5), row('service.jwt.expires_in', 3600)]);
      try {
        await jest.advanceTimersByTimeAsync(5000);
        await rows().update({ key: 'service.jwt.registry_size' }, { value: '6' });
        await jest.advanceTimersByTimeAsync(5000);
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 6, source: 'database' });
        expect(await option('service.jwt.expires_in')).toMatchObject({ value: 3600, source: 'database' });
      } finally {
        await rows().delete(['service.jwt.registry_size', 'service.jwt.expires_in']);
        await jest.advanceTimersByTimeAsync(5000);
      }
    });

    it('never takes a secret, an unknown option or a value this catalogue refuses from a stored row', async () => {
      const stored = [
        row('service.jwt.signing_secret', 'a-stored-secret-that-is-long-enough-0123456789'),
        row('service.jwt.registry_size', 0),
        row('service.jwt.no_such_option', 1),
        row('service.jwt.expires_in', 3600),
      ];
      await rows().insert(stored);
      try {
        await jest.advanceTimersByTimeAsync(5000);
        expect(await option('service.jwt.expires_in')).toMatchObject({ value: 3600, source: 'database' });
        expect(await option('service.jwt.signing_secret')).toMatchObject({ value: '', source: 'default' });
        expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
      } finally {
        await rows().delete(stored.map((r) => r.key));
        await jest.advanceTimersByTimeAsync(5000);
      }
      expect(await option('service.jwt.expires_in')).toMatchObject({ value: 86400, source: 'default' });
    });

    it('falls back to the lower layer once another instance removed the option', async () => {
      await shared.http
        .put('/api/v1/config/service.jwt.registry_size')
        .set(shared.admin())
        .send({ value: 4 })
        .expect(200);
      await rows().delete({ key: 'service.jwt.registry_size' });
      await jest.advanceTimersByTimeAsync(5000);
      expect(await option('service.jwt.registry_size')).toMatchObject({ value: 10, source: 'default' });
    });
  });
});
