import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hmacMaterial } from '../src/keys/key-material';
import type { PreviousKey } from '../src/keys/previous-keys';
import { PREVIOUS_KEYS_FILE } from '../src/keys/previous-keys';
import { retirementOf } from '../src/keys/retirement';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import { cli } from './cli-process';
import type { TestDatabase } from './database';
import { createTestDatabase, TEST_DB } from './database';
import type { FakeClock } from './fake-clock';
import { bearer, createUser, issueToken } from './factories';
import { claimsOf, useTestApp } from './fixture';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));

/** A token over `claims` made with a signing key the attacker (or the test) holds: an HMAC secret or a private key. */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>, key: Buffer | string): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = Buffer.isBuffer(key)
    ? createHmac(`sha${String(header.alg).slice(2)}`, key)
        .update(input)
        .digest()
    : sign('sha256', Buffer.from(input), createPrivateKey(key));
  return `${input}.${signature.toString('base64url')}`;
}

/** The same claims with a fresh lifetime: a token only a holder of the key could make now. */
const freshClaims = (token: string, nowSeconds: number) => ({
  ...claimsOf(token),
  iat: nowSeconds,
  exp: nowSeconds + 600,
});

const nowSeconds = (t: { clock: FakeClock }) => Math.floor(t.clock.now().getTime() / 1000);

describe.each([
  ['RS256', 'jwt-rsa-private.pem', true],
  ['HS256', 'jwt-hmac.key', false],
])('keys rotate with a generated %s key', (algorithm, keyFile, publishes) => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jam-rotate-'));
    // One database for both starts: on MariaDB one of its own, on SQLite a file in the data directory.
    database =
      TEST_DB === 'mariadb'
        ? await createTestDatabase()
        : { url: `sqlite:${join(dir, 'db.sqlite')}`, drop: () => Promise.resolve() };
    env = { DATA_DIR: dir, DATABASE_URL: database.url, SERVICE_JWT_SIGNING_ALGORITHM: algorithm };
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const app = await startTestApp(env);
    apps.push(app);
    return app;
  };
  const me = (t: TestApp, token: string) => t.http.get('/api/v1/me').set(bearer(token));
  const jwksKids = async (t: TestApp) =>
    ((await t.http.get('/.well-known/jwks.json').expect(200)).body.keys as { kid: string }[]).map((k) => k.kid);
  /** What the JWKS lists of `kids`: every public key, and nothing at all for HMAC. */
  const listed = (kids: string[]) => (publishes ? kids : []);
  const readPreviousKeys = () => JSON.parse(readFileSync(join(dir, PREVIOUS_KEYS_FILE), 'utf8')) as PreviousKey[];
  const keyOf = (text: string) => (algorithm === 'HS256' ? Buffer.from(text.trim(), 'base64') : text);

  it('logs no one out: tokens from before verify after the restart, new ones carry the new kid, and the old key retires once its tokens have expired', async () => {
    const first = await start();
    const jane = await createUser(first);
    const registry = await issueToken(first, jane.id, { expires_in: '+3 days' });
    const oldKid = headerOf(jane.token).kid as string;
    const oldKey = keyOf(readFileSync(join(dir, keyFile), 'utf8'));
    const publishedBefore = await jwksKids(first);

    const cliEnv = { DATABASE_URL: database.url, SERVICE_JWT_SIGNING_ALGORITHM: algorithm };
    const run = await cli(dir, ['keys', 'rotate'], '', cliEnv);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const newKid = /: (\S+) is the new key, (\S+) the previous one/.exec(run.stdout)?.slice(1) ?? [];
    expect(newKid[1]).toBe(oldKid);
    expect(newKid[0]).not.toBe(oldKid);
    // Key ids only: no key material of either key.
    expect(run.stdout).not.toMatch(/BEGIN|PRIVATE/);
    const keyTexts = readdirSync(dir)
      .filter((file) => file.startsWith('jwt-'))
      .map((file) => readFileSync(join(dir, file), 'utf8').trim());
    for (const text of keyTexts.filter((text) => !text.startsWith('['))) expect(run.stdout).not.toContain(text);
    for (const file of readdirSync(dir).filter((name) => name.startsWith('jwt-')))
      expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);

    // Another CLI command before the restart must not fix the retirement: the server still signs with the old key.
    expect((await cli(dir, ['admin', 'reset-password', 'nobody'], '', cliEnv)).status).toBe(1);
    expect(readPreviousKeys().map((key) => key.retire_after)).toEqual([null]);

    // The running server keeps its key until it restarts.
    await me(first, jane.token).expect(200);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await start();
    await me(second, jane.token).expect(200);
    await me(second, registry.token).expect(200);
    const relogin = await second.http
      .post('/api/v1/auth/login')
      .send({ username: jane.username, password: jane.password });
    expect(headerOf(relogin.body.access_token).kid).toBe(newKid[0]);
    // Viewing a registry token signs its stored claims with the current key: the same token in meaning, under the new kid.
    const viewed = await second.http
      .get(`/api/v1/users/${jane.id}/tokens/${registry.id}?fields=token`)
      .set(bearer(second.adminToken))
      .expect(200);
    expect(headerOf(viewed.body.token).kid).toBe(newKid[0]);
    expect(claimsOf(viewed.body.token)).toEqual(claimsOf(registry.token));
    expect(publishedBefore).toEqual(listed([oldKid]));
    expect(await jwksKids(second)).toEqual(listed([newKid[0], oldKid]));

    // The restart fixed when the old key retires: its registry token is the last one it can have signed.
    const [previous] = readPreviousKeys();
    const retireAt = Date.parse(previous.retire_after!);
    expect(retireAt).toBe(retirementOf(second.clock.now(), new Date(registry.expires_at)).getTime());
    expect(retireAt).toBe(Date.parse(registry.expires_at) + 300_000);

    const header = { alg: algorithm, kid: oldKid, typ: 'at+jwt' };
    second.clock.advance((retireAt - second.clock.now().getTime()) / 1000 - 1);
    await me(second, forge(header, freshClaims(jane.token, nowSeconds(second)), oldKey)).expect(200);
    expect(await jwksKids(second)).toEqual(listed([newKid[0], oldKid]));

    second.clock.advance(1);
    const refused = await me(second, forge(header, freshClaims(jane.token, nowSeconds(second)), oldKey)).expect(401);
    expect(refused.body.code).toBe('invalid_token');
    expect(await jwksKids(second)).toEqual(listed([newKid[0]]));
  });
});

describe('keys rotate with a configured key', () => {
  it('refuses, names the option and shows no secret: configured keys are rotated by configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jam-rotate-'));
    const secret = 'an-operator-configured-secret-of-40-chars';
    try {
      const run = await cli(dir, ['keys', 'rotate'], '', { SERVICE_JWT_SIGNING_SECRET: secret });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('The signing key is configured (service.jwt.signing_secret), not generated');
      expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
      expect(readdirSync(dir).filter((file) => file.startsWith('jwt-') && !file.endsWith('.sqlite'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('forged tokens against a ring of several RS256 keys', () => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: 'RS256' });

  const publicPem = async () => {
    const [key] = (await t.http.get('/.well-known/jwks.json').expect(200)).body.keys;
    return {
      kid: key.kid as string,
      pem: createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
    };
  };

  it('refuses an HS256 token signed with the RSA public key as the HMAC secret, aimed at the key by its kid', async () => {
    const { kid, pem } = await publicPem();
    for (const text of [pem, pem.toString().trim()]) {
      const forged = forge(
        { alg: 'HS256', kid, typ: 'at+jwt' },
        freshClaims(t.adminToken, nowSeconds(t)),
        Buffer.from(text),
      );
      const refused = await t.http.get('/api/v1/me').set(bearer(forged)).expect(401);
      expect(refused.body.code).toBe('invalid_token');
    }
  });

  it.each(['none', 'None', 'NONE'])(
    'refuses alg %s under a kid of the ring, with or without a signature',
    async (alg) => {
      const { kid } = await publicPem();
      const unsigned = `${b64({ alg, kid, typ: 'at+jwt' })}.${b64(freshClaims(t.adminToken, nowSeconds(t)))}`;
      for (const token of [`${unsigned}.`, `${unsigned}.${t.adminToken.split('.')[2]}`]) {
        const refused = await t.http.get('/api/v1/me').set(bearer(token)).expect(401);
        expect(refused.body.code).toBe('invalid_token');
      }
    },
  );
});

describe('rotating a configured RS256 key on every instance: verification key first, then the signer, then drop the old key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jam-configured-rotation-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const pairA = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pairB = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyA = write('a.pem', pairA.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const keyB = write('b.pem', pairB.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const publicB = write('b.pub', pairB.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: 'RS256', SERVICE_JWT_PRIVATE_CERT_PATH: keyA });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const jwksKids = async () =>
    ((await t.http.get('/.well-known/jwks.json').expect(200)).body.keys as { kid: string }[]).map((k) => k.kid);
  const loginKid = async (username: string, password: string) =>
    headerOf((await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200)).body.access_token).kid;

  it('keeps every token working through the switch and refuses the old key once it is dropped', async () => {
    const jane = await t.createUser();
    const kidA = headerOf(jane.token).kid as string;

    // 1. Every instance learns the next key first, so a token it signs is understood everywhere.
    await t.setConfig('service.jwt.verification_cert_path', publicB);
    const [, kidB] = await jwksKids();
    expect(await jwksKids()).toEqual([kidA, kidB]);
    expect(await loginKid(jane.username, jane.password)).toBe(kidA);
    const signedByB = forge(
      { alg: 'RS256', kid: kidB, typ: 'at+jwt' },
      freshClaims(jane.token, nowSeconds(t)),
      pairB.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    await t.http.get('/api/v1/me').set(bearer(signedByB)).expect(200);

    // 2. The new key signs, the old one only verifies.
    await t.setConfig('service.jwt.verification_cert_path', keyA);
    await t.setConfig('service.jwt.private_cert_path', keyB);
    expect(await loginKid(jane.username, jane.password)).toBe(kidB);
    await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
    expect(await jwksKids()).toEqual([kidB, kidA]);

    // 3. Once its tokens have expired, the old key goes; a token it signed is refused.
    await t.setConfig('service.jwt.verification_cert_path', '');
    const refused = await t.http.get('/api/v1/me').set(bearer(jane.token)).expect(401);
    expect(refused.body.code).toBe('invalid_token');
    expect(await jwksKids()).toEqual([kidB]);
  });
});

describe('a configured HMAC verification secret', () => {
  const previous = 'the-previous-signing-secret-of-40-chars!';
  const t = useTestApp({
    SERVICE_JWT_SIGNING_SECRET: 'the-current-signing-secret-of-40-chars!!',
    SERVICE_JWT_VERIFICATION_SECRET: previous,
  });

  it('verifies tokens of the previous secret by its kid, publishes nothing and never shows the secret', async () => {
    const kid = hmacMaterial('HS256', Buffer.from(previous)).kid;
    const claims = freshClaims(t.adminToken, nowSeconds(t));
    await t.http
      .get('/api/v1/me')
      .set(bearer(forge({ alg: 'HS256', kid, typ: 'at+jwt' }, claims, Buffer.from(previous))))
      .expect(200);
    const stranger = forge({ alg: 'HS256', kid, typ: 'at+jwt' }, claims, Buffer.from('x'.repeat(40)));
    expect((await t.http.get('/api/v1/me').set(bearer(stranger)).expect(401)).body.code).toBe('invalid_token');
    expect((await t.http.get('/.well-known/jwks.json').expect(200)).body).toEqual({ keys: [] });
    const shown = await t.http.get('/api/v1/config/service.jwt.verification_secret').set(t.admin()).expect(200);
    expect(shown.body).toMatchObject({ value: '********', source: 'env', secret: true });
    const stored = await t.http
      .put('/api/v1/config/service.jwt.verification_secret')
      .set(t.admin())
      .send({ value: 'y'.repeat(40) });
    expect(stored.status).toBe(400);
  });
});
