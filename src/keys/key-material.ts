import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SIGNING_ALGORITHMS } from '../config/catalogue';

export type Algorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface KeySettings {
  algorithm: Algorithm;
  secret: string;
  /** The configured private key's PEM text (read through readKeyFile); '' when none is configured. */
  privateKeyPem: string;
  /** Passphrase of an encrypted private key PEM; '' when it is not encrypted. */
  passphrase: string;
  /** The configured public key's PEM text; '' to derive it from the private key. */
  publicKeyPem: string;
}

/** What signing and verifying need; the private half never leaves this process. */
export interface KeyMaterial {
  algorithm: Algorithm;
  kid: string;
  /** HMAC secret bytes or a PEM private key. */
  signingKey: Buffer | string;
  /** HMAC secret bytes or a PEM public key. */
  verificationKey: Buffer | string;
  /** The public key, for JWKS; absent for HMAC. */
  publicKey?: KeyObject;
}

/** The curve each ES algorithm signs on (RFC 7518 §3.4). */
export const EC_CURVES: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

const CURVE_NAMES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

/** The asymmetric key type each algorithm family needs (RFC 7518 §3.3, §3.4; RFC 8037 §3.1: EdDSA as Ed25519 only). */
function keyTypeFor(algorithm: Algorithm): 'rsa' | 'ec' | 'ed25519' {
  if (algorithm.startsWith('RS')) return 'rsa';
  return algorithm === 'EdDSA' ? 'ed25519' : 'ec';
}

const KEY_TYPE_NAMES = { rsa: 'an RSA', ec: 'an EC', ed25519: 'an Ed25519' };

/** Why `key` cannot sign or verify with `algorithm` (RSA for RS*, the right EC curve for ES*, Ed25519 for EdDSA), if it cannot. */
export function keyTypeProblem(key: KeyObject, algorithm: Algorithm): string | undefined {
  if (algorithm.startsWith('HS')) return undefined;
  const expectedType = keyTypeFor(algorithm);
  if (key.asymmetricKeyType !== expectedType)
    return `${algorithm} needs ${KEY_TYPE_NAMES[expectedType]} key, the configured key is ${key.asymmetricKeyType}`;
  if (expectedType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== CURVE_NAMES[EC_CURVES[algorithm]])
    return `${algorithm} needs a ${EC_CURVES[algorithm]} key`;
  return undefined;
}

const GENERATED_KEY_FILES = {
  rsa: () => 'jwt-rsa-private.pem',
  ec: (algorithm: Algorithm) => `jwt-ec-${EC_CURVES[algorithm]}-private.pem`,
  ed25519: () => 'jwt-ed25519-private.pem',
};

function generatePrivateKey(algorithm: Algorithm): KeyObject {
  const type = keyTypeFor(algorithm);
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  if (type === 'ec') return generateKeyPairSync('ec', { namedCurve: EC_CURVES[algorithm] }).privateKey;
  return generateKeyPairSync('ed25519').privateKey;
}

/** Why a private key PEM cannot be opened with `passphrase`, in words: OpenSSL's own errors name nothing useful. */
export class PassphraseError extends Error {}

/** Opens a private key PEM, decrypting it with `passphrase` if it is encrypted. */
export function decryptPrivateKey(pem: string, passphrase: string): KeyObject {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) throw new PassphraseError('is encrypted: set service.jwt.private_cert_passphrase');
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: encrypted ? passphrase : undefined });
  } catch (error) {
    if (encrypted) throw new PassphraseError('cannot be decrypted with service.jwt.private_cert_passphrase');
    throw error;
  }
}

const kidOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url').slice(0, 16);

/** Writes a new key file only if none exists yet (flag wx), so racing first starts agree on one key. */
function writeOnce(path: string, content: string): void {
  try {
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
}

/** Where the generated key of an algorithm lives in the data directory: the current key, whatever rotations came before. */
export function generatedKeyPath(algorithm: Algorithm, dataDir: string): string {
  if (algorithm.startsWith('HS')) return join(dataDir, 'jwt-hmac.key');
  return join(dataDir, GENERATED_KEY_FILES[keyTypeFor(algorithm)](algorithm));
}

/** New key text for the data directory: a base64 HMAC secret, or a PKCS#8 PEM private key of the algorithm's type. */
export function generateKeyText(algorithm: Algorithm): string {
  if (algorithm.startsWith('HS')) return randomBytes(64).toString('base64') + '\n';
  return generatePrivateKey(algorithm).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** An HMAC secret's key material; one secret signs and verifies. */
export function hmacMaterial(algorithm: Algorithm, secret: Buffer): KeyMaterial {
  return {
    algorithm,
    kid: kidOf(createHash('sha256').update('kid:').update(secret).digest()),
    signingKey: secret,
    verificationKey: secret,
  };
}

/** The generated HMAC secret file's bytes (base64 text). */
export const secretOfKeyFile = (text: string): Buffer => Buffer.from(text.trim(), 'base64');

/**
 * A key that only verifies: an earlier signing key, or the next one announced before it signs.
 * It has no private half here; `signingKey` is the public key, which the ring never signs with.
 */
export function verificationMaterial(algorithm: Algorithm, key: KeyObject | Buffer): KeyMaterial {
  if (Buffer.isBuffer(key)) return hmacMaterial(algorithm, key);
  const wrongType = keyTypeProblem(key, algorithm);
  if (wrongType) throw new Error(wrongType);
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  return {
    algorithm,
    kid: kidOf(publicKey.export({ type: 'spki', format: 'der' })),
    signingKey: pem,
    verificationKey: pem,
    publicKey,
  };
}

/**
 * Loads the configured key, or generates one into the data directory on first use (never into the
 * database), so restarts keep accepting the tokens already issued.
 */
export function loadKeyMaterial(settings: KeySettings, dataDir: string, generate: boolean): KeyMaterial {
  const { algorithm } = settings;
  if (algorithm.startsWith('HS')) {
    if (settings.secret) return hmacMaterial(algorithm, Buffer.from(settings.secret, 'utf8'));
    return hmacMaterial(algorithm, secretOfKeyFile(readGeneratedKey(algorithm, dataDir, generate)));
  }

  const privateKey = settings.privateKeyPem
    ? decryptPrivateKey(settings.privateKeyPem, settings.passphrase)
    : createPrivateKey(readGeneratedKey(algorithm, dataDir, generate));
  const wrongType = keyTypeProblem(privateKey, algorithm);
  if (wrongType) throw new Error(wrongType);
  const publicKey = settings.publicKeyPem ? createPublicKey(settings.publicKeyPem) : createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  if (!der.equals(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })))
    throw new Error('the public key does not match the private key');
  return {
    algorithm,
    kid: kidOf(der),
    // Decrypted once here: fast-jwt is handed a plain PEM and never sees the passphrase.
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    verificationKey: publicKey.export({ type: 'spki', format: 'pem' }),
    publicKey,
  };
}

/** The generated key's text, written first if there is none yet and `generate` allows it. */
function readGeneratedKey(algorithm: Algorithm, dataDir: string, generate: boolean): string {
  const path = generatedKeyPath(algorithm, dataDir);
  if (!existsSync(path)) {
    if (!generate)
      throw new Error(algorithm.startsWith('HS') ? 'no signing secret is configured' : 'no private key is configured');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeOnce(path, generateKeyText(algorithm));
  }
  return readFileSync(path, 'utf8');
}
