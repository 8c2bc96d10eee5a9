import { createPublicKey, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNING_ALGORITHMS } from '../config/catalogue';
import type { Algorithm, KeyMaterial } from './key-material';
import { generatedKeyPath, generateKeyText, secretOfKeyFile, verificationMaterial } from './key-material';
import { retirementOf } from './retirement';

/** The list of earlier generated keys, in the data directory beside them. */
export const PREVIOUS_KEYS_FILE = 'jwt-previous-keys.json';

/** An earlier generated signing key, kept to verify the tokens it signed. */
export interface PreviousKey {
  kid: string;
  algorithm: Algorithm;
  /** Its file in the data directory: the public key (PEM), or for HMAC the secret, since it verifies. */
  file: string;
  /** When `keys rotate` replaced it. */
  rotated_at: string;
  /**
   * When it stops verifying (`retirementOf`). Null until a server starts with its successor: the
   * server already running when it was rotated keeps signing with it until it restarts.
   */
  retire_after: string | null;
}

const FILE_NAME = /^jwt-previous-[A-Za-z0-9_-]{1,64}\.(pem|key)$/;
const isTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function isPreviousKey(value: unknown): value is PreviousKey {
  if (typeof value !== 'object' || value === null) return false;
  const key = value as Record<string, unknown>;
  return (
    typeof key.kid === 'string' &&
    (SIGNING_ALGORITHMS as readonly unknown[]).includes(key.algorithm) &&
    typeof key.file === 'string' &&
    FILE_NAME.test(key.file) &&
    isTime(key.rotated_at) &&
    (key.retire_after === null || isTime(key.retire_after))
  );
}

/** The data directory's previous keys; none before the first rotation. A damaged list stops the start-up. */
export function readPreviousKeys(dataDir: string): PreviousKey[] {
  const path = join(dataDir, PREVIOUS_KEYS_FILE);
  if (!existsSync(path)) return [];
  let keys: unknown;
  try {
    keys = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || !keys.every(isPreviousKey))
    throw new Error(`${path} is not a list of previous signing keys`);
  return keys;
}

/** Replaces the list in one rename, so a reader sees the old list or the new one, never half of one. */
export function writePreviousKeys(dataDir: string, keys: readonly PreviousKey[]): void {
  writeAtomically(join(dataDir, PREVIOUS_KEYS_FILE), `${JSON.stringify(keys, null, 2)}\n`);
}

/** The key a previous-key entry names, checked to be the one its kid says. */
export function loadPreviousKey(dataDir: string, key: PreviousKey): KeyMaterial {
  const text = readFileSync(join(dataDir, key.file), 'utf8');
  const material = key.algorithm.startsWith('HS')
    ? verificationMaterial(key.algorithm, secretOfKeyFile(text))
    : verificationMaterial(key.algorithm, createPublicKey(text));
  if (material.kid !== key.kid) throw new Error(`${key.file} does not hold the key ${key.kid}`);
  return material;
}

/** The previous keys whose retirement is not fixed yet, retired `retirementOf` from now: this start ends their signing. */
export function fixRetirements(
  keys: readonly PreviousKey[],
  now: Date,
  latestRegistryExpiry: Date | null,
): PreviousKey[] {
  const retireAfter = retirementOf(now, latestRegistryExpiry).toISOString();
  return keys.map((key) => (key.retire_after === null ? { ...key, retire_after: retireAfter } : key));
}

/**
 * Makes a new generated key the current one and keeps `current` as a previous key. In an order
 * that never loses a key: the old key's verifying half is written and listed before the new key
 * replaces it (in one rename), so a crash leaves either the old key current or both usable.
 */
export function rotateGeneratedKey(dataDir: string, current: KeyMaterial, now: Date): void {
  const hmac = current.algorithm.startsWith('HS');
  const file = `jwt-previous-${current.kid}.${hmac ? 'key' : 'pem'}`;
  const verifying = hmac
    ? `${(current.verificationKey as Buffer).toString('base64')}\n`
    : (current.verificationKey as string);
  writeAtomically(join(dataDir, file), verifying);
  const keys = readPreviousKeys(dataDir).filter((key) => key.kid !== current.kid);
  keys.push({
    kid: current.kid,
    algorithm: current.algorithm,
    file,
    rotated_at: now.toISOString(),
    retire_after: null,
  });
  writePreviousKeys(dataDir, keys);
  writeAtomically(generatedKeyPath(current.algorithm, dataDir), generateKeyText(current.algorithm));
}

function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
