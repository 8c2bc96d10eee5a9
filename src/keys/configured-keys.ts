import type { OptionKey } from '../config/catalogue';
import type { KeyFileKind } from './key-file';
import { KeyFileError, parseKeyPem, readKeyFile } from './key-file';
import type { Algorithm } from './key-material';
import { keyTypeProblem } from './key-material';

export const KEY_PATH_OPTIONS = [
  ['service.jwt.private_cert_path', 'private'],
  ['service.jwt.public_cert_path', 'public'],
] as const satisfies readonly (readonly [OptionKey, KeyFileKind])[];

export interface ConfiguredKeys {
  /** PEM text per path option; '' where the option is empty or its file is unusable. */
  pems: Record<KeyFileKind, string>;
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
  paths: Record<KeyFileKind, string>,
  passphrase = '',
): Promise<ConfiguredKeys> {
  const result: ConfiguredKeys = { pems: { private: '', public: '' }, problems: [] };
  for (const [key, kind] of KEY_PATH_OPTIONS) {
    if (!paths[kind]) continue;
    try {
      const text = await readKeyFile(paths[kind]);
      const wrongType = keyTypeProblem(parseKeyPem(text, kind, passphrase), algorithm);
      if (wrongType) throw new KeyFileError(`holds a key that does not fit: ${wrongType}`);
      result.pems[kind] = text;
    } catch (error) {
      if (!(error instanceof KeyFileError)) throw error;
      result.problems.push({ key, message: `${key} ${error.message}` });
    }
  }
  return result;
}
