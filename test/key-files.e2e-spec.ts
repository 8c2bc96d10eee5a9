import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from './app.factory';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const PRIVATE = 'service.jwt.private_cert_path';
const PUBLIC = 'service.jwt.public_cert_path';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('key-file options are checked when set', () => {
  const t = useTestApp();
  let dir: string;
  const paths: Record<string, string> = {};
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-key-files-'));
    const write = (name: string, text: string) => {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], text);
    };
    write('rsa.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    write('rsa.pub', rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    write('ec.pem', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    write('huge.pem', 'x'.repeat(64 * 1024 + 1));
    mkdirSync(join(dir, 'keys'));
    paths.fifo = join(dir, 'key.fifo');
    execFileSync('mkfifo', [paths.fifo]);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = () => t.admin();
  const put = (key: string, value: unknown) => t.http.put(`/api/v1/config/${key}`).set(admin()).send({ value });
  const unset = (key: string) => t.http.delete(`/api/v1/config/${key}`).set(admin()).expect(204);

  /** A 400 whose message names the option and says what is wrong in words: no errno, no file contents. */
  const expectRefused = (response: Awaited<ReturnType<typeof put>>, message: string) => {
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors.map((e: { message: string }) => e.message)).toEqual([message]);
    expect(JSON.stringify(response.body)).not.toMatch(/E(NOENT|ISDIR|ACCES|NXIO|NOTDIR)|root:|BEGIN/);
  };

  describe('with HMAC in use', () => {
    it.each<[string, () => string, string]>([
      ['/etc/passwd', () => '/etc/passwd', 'is not a PEM private key'],
      ['../', () => '../', 'is not a regular file'],
      ['a directory', () => join(dir, 'keys'), 'is not a regular file'],
      ['a missing file', () => join(dir, 'missing.pem'), 'does not exist'],
      ['a character device', () => '/dev/zero', 'is not a regular file'],
      ['a FIFO', () => paths.fifo, 'is not a regular file'],
      ['a file over 64 KiB', () => paths['huge.pem'], 'is larger than 64 KiB'],
      ['a public key', () => paths['rsa.pub'], 'is not a PEM private key'],
    ])('refuses %s as the private key path', async (_case, path, problem) => {
      expectRefused(await put(PRIVATE, path()), `${PRIVATE} ${problem}`);
      expect((await t.http.get(`/api/v1/config/${PRIVATE}`).set(admin())).body.value).toBe('');
    });

    it.each<[string, () => string, string]>([
      ['/etc/passwd', () => '/etc/passwd', 'is not a PEM public key'],
      ['a directory', () => dir, 'is not a regular file'],
    ])('refuses %s as the public key path', async (_case, path, problem) => {
      expectRefused(await put(PUBLIC, path()), `${PUBLIC} ${problem}`);
    });

    it('refuses a NUL in a path (and in any string value)', async () => {
      expectRefused(
        await put(PRIVATE, `${paths['rsa.pem']}\u0000.txt`),
        `${PRIVATE}: must not contain control characters`,
      );
      expectRefused(
        await put('service.jwt.issuer', 'jam\u0000x'),
        'service.jwt.issuer: must not contain control characters',
      );
    });

    it('keeps answering other requests while a FIFO path is checked', async () => {
      const [refused, health, me] = await Promise.all([
        put(PRIVATE, paths.fifo),
        t.http.get('/health'),
        t.http.get('/api/v1/me').set(admin()),
      ]);
      expectRefused(refused, `${PRIVATE} is not a regular file`);
      expect([health.status, me.status]).toEqual([200, 200]);
    });

    it('checks paths in PUT /configpress too, changing nothing', async () => {
      const response = await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send(`[aam]\nservice.jwt.registry_size = 5\n${PRIVATE} = ${join(dir, 'keys')}\n`);
      expectRefused(response, `${PRIVATE} is not a regular file`);
      expect((await t.http.get('/api/v1/config/service.jwt.registry_size').set(admin())).body.value).toBe(10);
    });

    it('refuses a NUL in a ConfigPress value', async () => {
      const response = await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send(`service.jwt.issuer = jam\u0000x\n`);
      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toEqual([
        { field: 'line 1', message: 'service.jwt.issuer: must not contain control characters' },
      ]);
    });

    it('accepts any PEM key of the right kind, even one no HMAC algorithm uses', async () => {
      await put(PRIVATE, paths['ec.pem']).expect(200);
      await put(PUBLIC, paths['rsa.pem']).expect(200);
      await unset(PRIVATE);
      await unset(PUBLIC);
    });
  });

  describe('switching to RS256', () => {
    const resetRuntimeLayer = (token: string) =>
      t.http.put('/api/v1/configpress').set(bearer(token)).set('content-type', 'text/plain').send('').expect(200);

    it('refuses a key that does not fit the algorithm, naming the option', async () => {
      await put(PRIVATE, paths['ec.pem']).expect(200);
      expectRefused(
        await put('service.jwt.signing_algorithm', 'RS256'),
        `${PRIVATE} holds a key that does not fit: RS256 needs an RSA key, the configured key is ec`,
      );
      await resetRuntimeLayer(t.adminToken);
    });

    it('works with a good PEM key pair set while HMAC was in use', async () => {
      await put(PRIVATE, paths['rsa.pem']).expect(200);
      await put(PUBLIC, paths['rsa.pub']).expect(200);
      await put('service.jwt.signing_algorithm', 'RS256').expect(200);

      const login = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
      const token: string = login.body.access_token;
      const header = decode(token.split('.')[0]);
      expect(header.alg).toBe('RS256');
      await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
      const jwks = await t.http.get('/.well-known/jwks.json').expect(200);
      expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: header.kid })]);
      // Exactly the members the document's RSA key schema names.
      const documented = (await t.http.get('/docs-json').expect(200)).body.components.schemas.RsaJwkDto;
      expect(Object.keys(jwks.body.keys[0]).sort()).toEqual([...documented.required].sort());
      await resetRuntimeLayer(token);
    });
  });
});
