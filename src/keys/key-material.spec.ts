import type { KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Algorithm, KeySettings } from './key-material';
import { decryptPrivateKey, loadKeyMaterial, PassphraseError } from './key-material';

const settings = (algorithm: Algorithm, overrides: Partial<KeySettings> = {}): KeySettings => ({
  algorithm,
  secret: '',
  privateKeyPem: '',
  passphrase: '',
  publicKeyPem: '',
  ...overrides,
});

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }) as string;

describe('loadKeyMaterial', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-keys-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  describe('HMAC', () => {
    it('generates a 64-byte key file readable only by the owner', () => {
      const dataDir = join(dir, 'data');
      const material = loadKeyMaterial(settings('HS256'), dataDir, true);
      const path = join(dataDir, 'jwt-hmac.key');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toEqual(material.signingKey);
      expect((material.signingKey as Buffer).length).toBe(64);
      expect(material.verificationKey).toEqual(material.signingKey);
      expect(material.publicKey).toBeUndefined();
      expect(material.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    });

    it('reuses the generated key on the next start (same key, same kid)', () => {
      const first = loadKeyMaterial(settings('HS256'), dir, true);
      const second = loadKeyMaterial(settings('HS256'), dir, true);
      expect(second.signingKey).toEqual(first.signingKey);
      expect(second.kid).toBe(first.kid);
    });

    it('refuses to start without a key when generating is off', () => {
      expect(() => loadKeyMaterial(settings('HS256'), dir, false)).toThrow('no signing secret is configured');
      expect(existsSync(join(dir, 'jwt-hmac.key'))).toBe(false);
    });

    it('uses the configured secret and writes no key file', () => {
      const secret = 'a-configured-secret-of-32-chars!';
      const material = loadKeyMaterial(settings('HS512', { secret }), dir, true);
      expect(material).toMatchObject({
        algorithm: 'HS512',
        signingKey: Buffer.from(secret, 'utf8'),
        verificationKey: Buffer.from(secret, 'utf8'),
      });
      expect(existsSync(join(dir, 'jwt-hmac.key'))).toBe(false);
    });

    it('gives different secrets different kids', () => {
      const a = loadKeyMaterial(settings('HS256', { secret: 'a'.repeat(32) }), dir, false);
      const b = loadKeyMaterial(settings('HS256', { secret: 'b'.repeat(32) }), dir, false);
      expect(a.kid).not.toBe(b.kid);
    });
  });

  describe.each<[Algorithm, string, string, string | undefined]>([
    ['RS256', 'jwt-rsa-private.pem', 'rsa', undefined],
    ['ES256', 'jwt-ec-P-256-private.pem', 'ec', 'prime256v1'],
    ['ES384', 'jwt-ec-P-384-private.pem', 'ec', 'secp384r1'],
    ['ES512', 'jwt-ec-P-521-private.pem', 'ec', 'secp521r1'],
    ['EdDSA', 'jwt-ed25519-private.pem', 'ed25519', undefined],
  ])('%s', (algorithm, fileName, keyType, curve) => {
    it('generates a PEM private key file readable only by the owner and gives the public key', () => {
      const material = loadKeyMaterial(settings(algorithm), dir, true);
      const path = join(dir, fileName);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const fileContent = readFileSync(path, 'utf8');
      expect(fileContent).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(material.signingKey).toBe(fileContent);
      expect(material.verificationKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(material.publicKey?.type).toBe('public');
      expect(material.publicKey?.asymmetricKeyType).toBe(keyType);
      expect(material.publicKey?.asymmetricKeyDetails?.namedCurve).toBe(curve);
    });

    it('reuses the generated key pair (same kid)', () => {
      const first = loadKeyMaterial(settings(algorithm), dir, true);
      const second = loadKeyMaterial(settings(algorithm), dir, true);
      expect(second.kid).toBe(first.kid);
      expect(second.signingKey).toBe(first.signingKey);
    });

    it('refuses to start without a key when generating is off', () => {
      expect(() => loadKeyMaterial(settings(algorithm), dir, false)).toThrow('no private key is configured');
    });
  });

  describe('configured keys', () => {
    it('uses a configured private key and derives its public key', () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const material = loadKeyMaterial(settings('ES384', { privateKeyPem: pem(pair.privateKey, 'pkcs8') }), dir, false);
      expect(material.signingKey).toBe(pem(pair.privateKey, 'pkcs8'));
      expect(material.verificationKey).toBe(pem(pair.publicKey, 'spki'));
    });

    it('accepts a configured public key that matches the private key', () => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const material = loadKeyMaterial(
        settings('RS384', {
          privateKeyPem: pem(pair.privateKey, 'pkcs8'),
          publicKeyPem: pem(pair.publicKey, 'spki'),
        }),
        dir,
        false,
      );
      expect(material.verificationKey).toBe(pem(pair.publicKey, 'spki'));
    });

    it('refuses a public key that does not match the private key', () => {
      const one = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keys = settings('RS256', {
        privateKeyPem: pem(one.privateKey, 'pkcs8'),
        publicKeyPem: pem(other.publicKey, 'spki'),
      });
      expect(() => loadKeyMaterial(keys, dir, false)).toThrow('the public key does not match the private key');
    });

    it.each<[Algorithm, () => KeyObject, string]>([
      [
        'RS256',
        () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        'RS256 needs an RSA key, the configured key is ec',
      ],
      [
        'ES256',
        () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        'ES256 needs an EC key, the configured key is rsa',
      ],
      ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'ES256 needs a P-256 key'],
      ['ES512', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES512 needs a P-521 key'],
      [
        'RS256',
        () => generateKeyPairSync('ed25519').privateKey,
        'RS256 needs an RSA key, the configured key is ed25519',
      ],
      [
        'ES256',
        () => generateKeyPairSync('ed25519').privateKey,
        'ES256 needs an EC key, the configured key is ed25519',
      ],
      [
        'EdDSA',
        () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        'EdDSA needs an Ed25519 key, the configured key is ec',
      ],
      [
        'EdDSA',
        () => generateKeyPairSync('ed448').privateKey,
        'EdDSA needs an Ed25519 key, the configured key is ed448',
      ],
    ])('refuses for %s a key of the wrong type or curve', (algorithm, makeKey, message) => {
      const privateKeyPem = pem(makeKey(), 'pkcs8');
      expect(() => loadKeyMaterial(settings(algorithm, { privateKeyPem }), dir, false)).toThrow(message);
    });

    it('reads an existing generated key instead of replacing it', () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      write('jwt-ec-P-256-private.pem', pem(pair.privateKey, 'pkcs8'));
      const material = loadKeyMaterial(settings('ES256'), dir, true);
      expect(createPrivateKey(material.signingKey as string).export({ type: 'pkcs8', format: 'pem' })).toBe(
        pem(pair.privateKey, 'pkcs8'),
      );
    });
  });
});

describe('decryptPrivateKey', () => {
  const PASSPHRASE = 'the right passphrase';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const encrypted = {
    pkcs8: ed.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }) as string,
    // The traditional OpenSSL form (Proc-Type: 4,ENCRYPTED), which `openssl genrsa -aes256` still writes.
    pkcs1: rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }) as string,
  };
  const plain = pem(ed, 'pkcs8');

  it.each(Object.entries(encrypted))('opens an encrypted %s key with the right passphrase', (_form, text) => {
    expect(decryptPrivateKey(text, PASSPHRASE).type).toBe('private');
  });

  it.each<[string, string, string, string]>([
    [
      'pkcs8 with a wrong passphrase',
      encrypted.pkcs8,
      'wrong',
      'cannot be decrypted with service.jwt.private_cert_passphrase',
    ],
    [
      'pkcs1 with a wrong passphrase',
      encrypted.pkcs1,
      'wrong',
      'cannot be decrypted with service.jwt.private_cert_passphrase',
    ],
    ['pkcs8 without a passphrase', encrypted.pkcs8, '', 'is encrypted: set service.jwt.private_cert_passphrase'],
    ['pkcs1 without a passphrase', encrypted.pkcs1, '', 'is encrypted: set service.jwt.private_cert_passphrase'],
  ])('refuses %s in plain words', (_case, text, passphrase, message) => {
    let thrown: unknown;
    try {
      decryptPrivateKey(text, passphrase);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PassphraseError);
    expect((thrown as Error).message).toBe(message);
  });

  it('opens an unencrypted key whether or not a passphrase is set', () => {
    expect(decryptPrivateKey(plain, '').equals(ed)).toBe(true);
    expect(decryptPrivateKey(plain, PASSPHRASE).equals(ed)).toBe(true);
  });

  it('hands fast-jwt the decrypted key, never the encrypted text', () => {
    const material = loadKeyMaterial(
      settings('EdDSA', { privateKeyPem: encrypted.pkcs8, passphrase: PASSPHRASE }),
      '/nonexistent',
      false,
    );
    expect(material.signingKey).toBe(plain);
  });
});
