import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfiguredKeys } from './configured-keys';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = (pair: typeof rsa) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const spki = (pair: typeof rsa) => pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('readConfiguredKeys', () => {
  let dir: string;
  let rsaPrivate: string;
  let rsaPublic: string;
  let ecPrivate: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-configured-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    rsaPrivate = write('rsa.pem', pkcs8(rsa));
    rsaPublic = write('rsa.pub', spki(rsa));
    ecPrivate = write('ec.pem', pkcs8(ec));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nothing when no path is set', async () => {
    expect(await readConfiguredKeys('RS256', { private: '', public: '' })).toEqual({
      pems: { private: '', public: '' },
      problems: [],
    });
  });

  it('reads both keys for the algorithm they fit', async () => {
    const { pems, problems } = await readConfiguredKeys('RS256', { private: rsaPrivate, public: rsaPublic });
    expect(problems).toEqual([]);
    expect(pems).toEqual({ private: pkcs8(rsa), public: spki(rsa) });
  });

  it('checks paths while HMAC is in use, accepting any PEM key of the right kind', async () => {
    expect((await readConfiguredKeys('HS256', { private: ecPrivate, public: rsaPublic })).problems).toEqual([]);
    expect((await readConfiguredKeys('HS256', { private: '/etc/passwd', public: dir })).problems).toEqual([
      { key: 'service.jwt.private_cert_path', message: 'service.jwt.private_cert_path is not a PEM private key' },
      { key: 'service.jwt.public_cert_path', message: 'service.jwt.public_cert_path is not a regular file' },
    ]);
  });

  it.each([
    ['RS256', 'ec', 'RS256 needs an RSA key, the configured key is ec'],
    ['ES256', 'rsa', 'ES256 needs an EC key, the configured key is rsa'],
  ] as const)('refuses for %s a %s key, naming the option', async (algorithm, type, why) => {
    const path = type === 'ec' ? ecPrivate : rsaPrivate;
    const { pems, problems } = await readConfiguredKeys(algorithm, { private: path, public: path });
    expect(pems).toEqual({ private: '', public: '' });
    expect(problems.map((p) => p.message)).toEqual([
      `service.jwt.private_cert_path holds a key that does not fit: ${why}`,
      `service.jwt.public_cert_path holds a key that does not fit: ${why}`,
    ]);
  });

  it('refuses a public key as the private key', async () => {
    expect((await readConfiguredKeys('RS256', { private: rsaPublic, public: '' })).problems).toEqual([
      { key: 'service.jwt.private_cert_path', message: 'service.jwt.private_cert_path is not a PEM private key' },
    ]);
  });

  it('reads a verification key like a public one: a public key, or only the public half of a private key', async () => {
    for (const path of [rsaPublic, rsaPrivate]) {
      const { pems, problems } = await readConfiguredKeys('RS256', { verification: path });
      expect(problems).toEqual([]);
      expect(Object.keys(pems)).toEqual(['verification']);
    }
    expect((await readConfiguredKeys('RS256', { verification: ecPrivate })).problems).toEqual([
      {
        key: 'service.jwt.verification_cert_path',
        message:
          'service.jwt.verification_cert_path holds a key that does not fit: RS256 needs an RSA key, the configured key is ec',
      },
    ]);
  });
});
