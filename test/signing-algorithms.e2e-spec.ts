import type { KeyObject } from 'node:crypto';
import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, startupError } from './app.factory';
import { startWithCapturedLog } from './captured-log';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const HMAC_SECRET = 'a-configured-hmac-secret-of-at-least-32-chars';

/** Checks a JWT's signature with node:crypto alone, as a relying party holding only the key would. */
function verifiesWith(token: string, algorithm: string, key: KeyObject | string): boolean {
  const [header, payload, signature] = token.split('.');
  const data = Buffer.from(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const hash = `sha${algorithm.slice(2)}`;
  if (algorithm.startsWith('HS')) return createHmac(hash, key).update(data).digest().equals(signatureBytes);
  if (algorithm === 'EdDSA') return verify(null, data, key, signatureBytes);
  if (algorithm.startsWith('ES'))
    return verify(hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' }, signatureBytes);
  return verify(hash, data, key, signatureBytes);
}

/** An HS256 token over `claims` keyed with `secret`: what an attacker holding only public material can make. */
function hs256(claims: string, secret: string | Buffer): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' })).toString('base64url');
  return `${header}.${claims}.${createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')}`;
}

describe.each(['HS384', 'HS512'])('%s signing with a configured secret', (algorithm) => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: algorithm, SERVICE_JWT_SIGNING_SECRET: HMAC_SECRET });

  it('signs tokens that verify with the secret, accepted by /me, and publishes no key', async () => {
    expect(decode(t.adminToken.split('.')[0])).toMatchObject({ alg: algorithm, typ: 'at+jwt' });
    expect(verifiesWith(t.adminToken, algorithm, HMAC_SECRET)).toBe(true);
    await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    expect((await t.http.get('/.well-known/jwks.json').expect(200)).body).toEqual({ keys: [] });
  });

  it('refuses an HS256 token made with the same secret (the algorithm is pinned)', async () => {
    const forged = hs256(t.adminToken.split('.')[1], HMAC_SECRET);
    expect((await t.http.get('/api/v1/me').set(bearer(forged)).expect(401)).body.code).toBe('invalid_token');
  });
});

describe.each([
  ['RS256', 'jwt-rsa-private.pem', 'RSA', undefined],
  ['RS384', 'jwt-rsa-private.pem', 'RSA', undefined],
  ['RS512', 'jwt-rsa-private.pem', 'RSA', undefined],
  ['ES384', 'jwt-ec-P-384-private.pem', 'EC', 'P-384'],
  ['ES512', 'jwt-ec-P-521-private.pem', 'EC', 'P-521'],
  ['EdDSA', 'jwt-ed25519-private.pem', 'OKP', 'Ed25519'],
])('%s signing with a generated key', (algorithm, file, kty, crv) => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: algorithm });

  const publishedKey = async () => {
    const jwks = await t.http.get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys).toHaveLength(1);
    return jwks.body.keys[0] as Record<string, string>;
  };

  it('generates the key pair into the data directory on first start', () => {
    expect(existsSync(join(t.dataDir, file))).toBe(true);
  });

  it('publishes the public key, which verifies issued tokens with node:crypto, and /me accepts them', async () => {
    const key = await publishedKey();
    expect(key).toMatchObject({ kty, alg: algorithm, use: 'sig', kid: expect.any(String) });
    expect(key.crv).toBe(crv);
    expect(key).not.toHaveProperty('d');
    const schemas = (await t.http.get('/docs-json').expect(200)).body.components.schemas;
    const documented = schemas[{ RSA: 'RsaJwkDto', EC: 'EcJwkDto', OKP: 'OkpJwkDto' }[kty]!];
    expect(Object.keys(key).sort()).toEqual([...documented.required].sort());

    const login = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
    const token = login.body.access_token as string;
    expect(decode(token.split('.')[0])).toMatchObject({ alg: algorithm, kid: key.kid });
    expect(verifiesWith(token, algorithm, createPublicKey({ key, format: 'jwk' }))).toBe(true);
    await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('refuses an HS256 token signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const publicKey = createPublicKey({ key: await publishedKey(), format: 'jwk' });
    const claims = t.adminToken.split('.')[1];
    for (const secret of [
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
      publicKey.export({ type: 'spki', format: 'der' }),
    ]) {
      const response = await t.http
        .get('/api/v1/me')
        .set(bearer(hs256(claims, secret)))
        .expect(401);
      expect(response.body.code).toBe('invalid_token');
    }
  });
});

describe('an encrypted PEM private key', () => {
  const PASSPHRASE = 'correct horse battery staple 7';
  const pair = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'jam-encrypted-key-'));
  const encryptedPath = join(dir, 'encrypted.pem');
  const plainPath = join(dir, 'plain.pem');
  writeFileSync(
    encryptedPath,
    pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }),
  );
  writeFileSync(plainPath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ENV = {
    SERVICE_JWT_SIGNING_ALGORITHM: 'EdDSA',
    SERVICE_JWT_PRIVATE_CERT_PATH: encryptedPath,
    SERVICE_JWT_PRIVATE_CERT_PASSPHRASE: PASSPHRASE,
  };

  describe('with the right passphrase', () => {
    const t = useTestApp(ENV);

    it('signs with the key: tokens verify against its public half and /me accepts them', async () => {
      expect(verifiesWith(t.adminToken, 'EdDSA', pair.publicKey)).toBe(true);
      await t.http.get('/api/v1/me').set(t.admin()).expect(200);
      const [key] = (await t.http.get('/.well-known/jwks.json').expect(200)).body.keys;
      expect(key.x).toBe(pair.publicKey.export({ format: 'jwk' }).x);
    });

    it('never shows the passphrase in /config or /configpress, and never stores it', async () => {
      const option = await t.http.get('/api/v1/config/service.jwt.private_cert_passphrase').set(t.admin()).expect(200);
      expect(option.body).toMatchObject({ value: '********', source: 'env', secret: true });
      const list = await t.http.get('/api/v1/config').set(t.admin()).expect(200);
      const ini = await t.http.get('/api/v1/configpress').set(t.admin()).expect(200);
      for (const body of [JSON.stringify(list.body), ini.text]) expect(body).not.toContain(PASSPHRASE);
      const stored = await t.http
        .put('/api/v1/config/service.jwt.private_cert_passphrase')
        .set(t.admin())
        .send({ value: 'another passphrase' })
        .expect(400);
      expect(JSON.stringify(stored.body)).not.toContain('another passphrase');
    });

    it('refuses a runtime switch to an encrypted key the passphrase does not open, with a plain 400', async () => {
      const other = join(dir, 'other-passphrase.pem');
      writeFileSync(
        other,
        generateKeyPairSync('ed25519').privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'not the configured one',
        }),
      );
      const response = await t.http
        .put('/api/v1/config/service.jwt.private_cert_path')
        .set(t.admin())
        .send({ value: other })
        .expect(400);
      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors.map((e: { message: string }) => e.message)).toEqual([
        'service.jwt.private_cert_path cannot be decrypted with service.jwt.private_cert_passphrase',
      ]);
      await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    });

    it('still accepts an unencrypted key file while a passphrase is set', async () => {
      await t.http
        .put('/api/v1/config/service.jwt.private_cert_path')
        .set(t.admin())
        .send({ value: plainPath })
        .expect(200);
      await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    });
  });

  it('stops the start-up with a plain message when the passphrase is wrong', async () => {
    const error = await startupError({ ...ENV, SERVICE_JWT_PRIVATE_CERT_PASSPHRASE: 'wrong passphrase' });
    expect(error.message).toContain(
      'service.jwt.private_cert_path cannot be decrypted with service.jwt.private_cert_passphrase',
    );
    expect(error.message).not.toMatch(/ERR_|OSSL|bad decrypt|wrong passphrase/i);
  });

  it('stops the start-up with a plain message when the passphrase is missing', async () => {
    const error = await startupError({ ...ENV, SERVICE_JWT_PRIVATE_CERT_PASSPHRASE: '' });
    expect(error.message).toContain(
      'service.jwt.private_cert_path is encrypted: set service.jwt.private_cert_passphrase',
    );
  });

  it('keeps the passphrase out of the log', async () => {
    const logged = await startWithCapturedLog({
      ...ENV,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    try {
      const login = await logged.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
      const admin = bearer(login.body.access_token);
      await logged.http.get('/api/v1/config').set(admin).expect(200);
      await logged.http.get('/api/v1/configpress').set(admin).expect(200);
      await logged.http.get(`/api/v1/me?private_cert_passphrase=${encodeURIComponent(PASSPHRASE)}`).set(admin);
      await logged.http
        .put('/api/v1/config/service.jwt.private_cert_passphrase')
        .set(admin)
        .send({ value: PASSPHRASE })
        .expect(400);
      expect(logged.log.text.length).toBeGreaterThan(0);
      expect(logged.log.text).not.toContain(PASSPHRASE);
      expect(logged.log.text).not.toContain(encodeURIComponent(PASSPHRASE));
    } finally {
      await logged.close();
    }
  });
});
