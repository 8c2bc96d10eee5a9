import type { OptionKey } from '../config/catalogue';
import type { KeyFileKind } from './key-file';
import { KeyFileError, parseKeyPem, readKeyFile } from './key-file';
import type { Algorithm } from './key-material';
import { keyTypeProblem } from './key-material';

/** The key path options: the signing key's two halves, and a key that only verifies (rotation). */
export type KeySlot = 'private' | 'public' | 'verification';

export const KEY_PATH_OPTIONS = [
  ['service.jwt.private_cert_path', 'private', 'private'],
  ['service.jwt.public_cert_path', 'public', 'public'],
  ['service.jwt.verification_cert_path', 'verification', 'public'],
] as const satisfies readonly (readonly [OptionKey, KeySlot, KeyFileKind])[];

export interface ConfiguredKeys {
  /** PEM text per path given; '' where the option is empty or its file is unusable. */
  pems: Partial<Record<KeySlot, string>>;
  /** What is wrong with each set path, naming its option. */
  problems: { key: OptionKey; message: string }[];
}

/**
 * Reads and checks every key file a configuration names, whatever the algorithm: a path set
 * while HMAC is in use is checked now, not when someone switches to RS256. A key must be of the
 * kind its option promises and, for an RSA or EC algorithm, of the type and curve it needs.
 */
export async function readConfiguredKeys(
  algorithm: Algorithm,
  paths: Partial<Record<KeySlot, string>>,
  passphrase = '',
): Promise<ConfiguredKeys> {
  const result: ConfiguredKeys = {
    pems: Object.fromEntries(Object.keys(paths).map((slot) => [slot, ''])),
    problems: [],
  };
  for (const [key, slot, kind] of KEY_PATH_OPTIONS) {
    const path = paths[slot];
    if (!path) continue;
    try {
      const text = await readKeyFile(path);
      // The verifying key's private half, if it is given one, is never used: no passphrase opens it.
      const wrongType = keyTypeProblem(parseKeyPem(text, kind, slot === 'private' ? passphrase : ''), algorithm);
      if (wrongType) throw new KeyFileError(`holds a key that does not fit: ${wrongType}`);
      result.pems[slot] = text;
    } catch (error) {
      if (!(error instanceof KeyFileError)) throw error;
      result.problems.push({ key, message: `${key} ${error.message}` });
    }
  }
  return result;
}
