import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyFileKind } from './key-file';
import { KeyFileError, MAX_KEY_FILE_BYTES, parseKeyPem, readKeyFile } from './key-file';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('readKeyFile', () => {
  let dir: string;
  let socketServer: Server | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-keyfile-'));
  });
  afterEach(async () => {
    await new Promise((resolve) => (socketServer ? socketServer.close(resolve) : resolve(undefined)));
    socketServer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const refusal = (path: string) =>
    readKeyFile(path).then(
      () => 'read',
      (error: Error) => error,
    );

  it('reads a regular file, and one reached through a symlink', async () => {
    const path = file('key.pem', PRIVATE_PEM);
    expect(await readKeyFile(path)).toBe(PRIVATE_PEM);
    symlinkSync(path, join(dir, 'link.pem'));
    expect(await readKeyFile(join(dir, 'link.pem'))).toBe(PRIVATE_PEM);
  });

  it('reads a file of exactly the size cap and refuses one byte more', async () => {
    expect(await readKeyFile(file('cap.pem', 'x'.repeat(MAX_KEY_FILE_BYTES)))).toHaveLength(MAX_KEY_FILE_BYTES);
    expect(await refusal(file('big.pem', 'x'.repeat(MAX_KEY_FILE_BYTES + 1)))).toEqual(
      new KeyFileError('is larger than 64 KiB'),
    );
  });

  it.each<[string, (dir: string) => string | Promise<string>, string]>([
    ['a missing file', (d) => join(d, 'missing.pem'), 'does not exist'],
    ['a path through a missing directory', (d) => join(d, 'nope', 'key.pem'), 'does not exist'],
    ['a path through a file', () => join(file('plain', 'x'), 'key.pem'), 'does not exist'],
    ['a directory', (d) => d, 'is not a regular file'],
    ['a parent directory (../)', (d) => join(d, 'sub', '..'), 'is not a regular file'],
    ['a character device', () => '/dev/null', 'is not a regular file'],
    ['an endless device', () => '/dev/zero', 'is not a regular file'],
    ['an empty path', () => '', 'is not a usable path'],
    ['a path with NUL', (d) => join(d, 'key.pem\u0000.txt'), 'is not a usable path'],
  ])('refuses %s by name', async (_case, pathOf, message) => {
    mkdirSync(join(dir, 'sub'));
    expect(await refusal(await pathOf(dir))).toEqual(new KeyFileError(message));
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const path = join(dir, 'key.fifo');
    execFileSync('mkfifo', [path]);
    // Without O_NONBLOCK this open would wait forever (and hold a libuv thread while it does).
    expect(await refusal(path)).toEqual(new KeyFileError('is not a regular file'));
  });

  it('refuses a Unix socket', async () => {
    const path = join(dir, 'key.sock');
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer!.listen(path, resolve));
    expect(await refusal(path)).toEqual(new KeyFileError('is not a regular file'));
  });

  it('never puts the OS error code in its message', async () => {
    for (const path of [join(dir, 'missing'), dir, '/dev/null']) {
      expect(String(await refusal(path))).not.toMatch(/E[A-Z]{3,}/);
    }
  });
});

describe('parseKeyPem', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it.each<[string, KeyFileKind, string, string]>([
    ['an RSA private key', 'private', PRIVATE_PEM, 'rsa'],
    [
      'an EC private key in SEC1 form',
      'private',
      ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string,
      'ec',
    ],
    ['a public key', 'public', PUBLIC_PEM, 'rsa'],
    ['a private key, for its public half', 'public', PRIVATE_PEM, 'rsa'],
    ['a PKCS#1 RSA public key', 'public', rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string, 'rsa'],
  ])('accepts %s as the %s key', (_case, kind, text, type) => {
    const key = parseKeyPem(text, kind);
    expect(key.type).toBe(kind);
    expect(key.asymmetricKeyType).toBe(type);
  });

  it('opens an encrypted private key with its passphrase, and says in words when it cannot', () => {
    const text = rsa.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'secret words',
    }) as string;
    expect(parseKeyPem(text, 'private', 'secret words').asymmetricKeyType).toBe('rsa');
    expect(() => parseKeyPem(text, 'private', 'other words')).toThrow(
      new KeyFileError('cannot be decrypted with service.jwt.private_cert_passphrase'),
    );
    expect(() => parseKeyPem(text, 'private')).toThrow(
      new KeyFileError('is encrypted: set service.jwt.private_cert_passphrase'),
    );
  });

  it('accepts an X.509 certificate as the public key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jam-cert-'));
    try {
      const keyPath = join(dir, 'key.pem');
      writeFileSync(keyPath, PRIVATE_PEM);
      const cert = execFileSync(
        'openssl',
        ['req', '-new', '-x509', '-key', keyPath, '-subj', '/CN=jam', '-days', '1'],
        {
          encoding: 'utf8',
        },
      );
      expect(parseKeyPem(cert, 'public').asymmetricKeyType).toBe('rsa');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, string, KeyFileKind]>([
    ['/etc/passwd-like text', 'root:x:0:0:root:/root:/bin/bash\n', 'private'],
    ['an empty file', '', 'public'],
    ['a public key where a private one is needed', PUBLIC_PEM, 'private'],
    ['a PEM block of garbage', '-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n', 'private'],
    ['DER bytes', rsa.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('latin1'), 'private'],
    ['a JWK', JSON.stringify(rsa.publicKey.export({ format: 'jwk' })), 'public'],
  ])('refuses %s', (_case, text, kind) => {
    expect(() => parseKeyPem(text, kind)).toThrow(new KeyFileError(`is not a PEM ${kind} key`));
  });
});
