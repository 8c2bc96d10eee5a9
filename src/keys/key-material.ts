import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Algorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';

export interface KeySettings {
  algorithm: Algorithm;
  secret: string;
  /** The configured private key's PEM text (read through readKeyFile); '' when none is configured. */
  privateKeyPem: string;
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

/** Why `key` cannot sign or verify with `algorithm` (RSA for RS*, the right EC curve for ES*), if it cannot. */
export function keyTypeProblem(key: KeyObject, algorithm: Algorithm): string | undefined {
  if (algorithm.startsWith('HS')) return undefined;
  const expectedType = algorithm.startsWith('RS') ? 'rsa' : 'ec';
  if (key.asymmetricKeyType !== expectedType)
    return `${algorithm} needs an ${expectedType.toUpperCase()} key, the configured key is ${key.asymmetricKeyType}`;
  if (expectedType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== CURVE_NAMES[EC_CURVES[algorithm]])
    return `${algorithm} needs a ${EC_CURVES[algorithm]} key`;
  return undefined;
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

/**
 * Loads the configured key, or generates one into the data directory on first use (never into the
 * database), so restarts keep accepting the tokens already issued.
 */
export function loadKeyMaterial(settings: KeySettings, dataDir: string, generate: boolean): KeyMaterial {
  const { algorithm } = settings;
  if (algorithm.startsWith('HS')) {
    let secret: Buffer;
    if (settings.secret) {
      secret = Buffer.from(settings.secret, 'utf8');
    } else {
      const path = join(dataDir, 'jwt-hmac.key');
      if (!existsSync(path)) {
        if (!generate) throw new Error('no signing secret is configured');
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        writeOnce(path, randomBytes(64).toString('base64') + '\n');
      }
      secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    }
    return {
      algorithm,
      kid: kidOf(createHash('sha256').update('kid:').update(secret).digest()),
      signingKey: secret,
      verificationKey: secret,
    };
  }

  let privatePem = settings.privateKeyPem;
  if (!privatePem) {
    const name = algorithm.startsWith('RS') ? 'jwt-rsa-private.pem' : `jwt-ec-${EC_CURVES[algorithm]}-private.pem`;
    const path = join(dataDir, name);
    if (!existsSync(path)) {
      if (!generate) throw new Error('no private key is configured');
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const pair = algorithm.startsWith('RS')
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: EC_CURVES[algorithm] });
      writeOnce(path, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    }
    privatePem = readFileSync(path, 'utf8');
  }
  const privateKey = createPrivateKey(privatePem);
  const wrongType = keyTypeProblem(privateKey, algorithm);
  if (wrongType) throw new Error(wrongType);
  const publicKey = settings.publicKeyPem ? createPublicKey(settings.publicKeyPem) : createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  if (!der.equals(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })))
    throw new Error('the public key does not match the private key');
  return {
    algorithm,
    kid: kidOf(der),
    signingKey: privatePem,
    verificationKey: publicKey.export({ type: 'spki', format: 'pem' }),
    publicKey,
  };
}
