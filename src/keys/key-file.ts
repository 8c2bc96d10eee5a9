import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { hasControlCharacter } from '../common/control-characters';
import { decryptPrivateKey, PassphraseError } from './key-material';

/** A PEM key, even RSA 8192 or a certificate chain, is a few KiB; anything larger is not a key file. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

export type KeyFileKind = 'private' | 'public';

/** Why a key file cannot be used, in words fit for an API answer: no OS error code, no file contents. */
export class KeyFileError extends Error {}

const OPEN_PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist',
  EACCES: 'is not readable',
  EPERM: 'is not readable',
  // Opening a Unix socket.
  ENXIO: 'is not a regular file',
  EISDIR: 'is not a regular file',
};

/**
 * Reads a key file without ever waiting on it: O_NONBLOCK makes opening a FIFO (or a device)
 * return at once instead of waiting for a writer, and fstat on the open descriptor refuses
 * anything but a regular file before a byte is read, so the check and the read see one file.
 */
export async function readKeyFile(path: string): Promise<string> {
  if (path === '' || hasControlCharacter(path)) throw new KeyFileError('is not a usable path');
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new KeyFileError(OPEN_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''] ?? 'cannot be opened');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new KeyFileError('is not a regular file');
    if (stats.size > MAX_KEY_FILE_BYTES) throw new KeyFileError(`is larger than ${MAX_KEY_FILE_BYTES / 1024} KiB`);
    // One byte more than the cap: a file that grew after fstat is caught too.
    const buffer = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_KEY_FILE_BYTES) throw new KeyFileError(`is larger than ${MAX_KEY_FILE_BYTES / 1024} KiB`);
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError('cannot be read');
  } finally {
    await handle.close();
  }
}

/**
 * Parses PEM text as the key a path option promises: a private key for the private path; a
 * public key, a certificate or a private key (its public half) for the public path. An encrypted
 * private key is opened with `passphrase`.
 */
export function parseKeyPem(text: string, kind: KeyFileKind, passphrase = ''): KeyObject {
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw new KeyFileError(`is not a PEM ${kind} key`);
  try {
    if (kind === 'private') return decryptPrivateKey(text, passphrase);
    return createPublicKey({ key: text, format: 'pem' });
  } catch (error) {
    if (error instanceof PassphraseError) throw new KeyFileError(error.message);
    throw new KeyFileError(`is not a PEM ${kind} key`);
  }
}
