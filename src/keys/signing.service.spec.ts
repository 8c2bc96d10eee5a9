import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../common/clock';
import type { OptionKey } from '../config/catalogue';
import { CATALOGUE } from '../config/catalogue';
import type { ConfigService } from '../config/config.service';
import type { ServerEnvironment } from '../common/environment';
import type { Source } from '../config/layers';
import { SigningService } from './signing.service';

/** The resolved configuration SigningService reads at start-up, each value with the layer it came from. */
function configOf(values: Partial<Record<OptionKey, [unknown, Source]>>): ConfigService {
  return {
    get: (key: OptionKey) => values[key]?.[0] ?? CATALOGUE[key].default,
    view: (key: OptionKey) => ({ source: values[key]?.[1] ?? 'default' }),
    addValidator: () => undefined,
    onChange: () => undefined,
  } as unknown as ConfigService;
}

describe('SigningService start-up with key paths', () => {
  let dir: string;
  let rsaPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-signing-'));
    rsaPath = join(dir, 'rsa.pem');
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(rsaPath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (values: Parameters<typeof configOf>[0]) => {
    const service = new SigningService(configOf(values), { dataDir: dir } as ServerEnvironment, new SystemClock());
    return service.onModuleInit().then(() => service);
  };

  it.each<[Source, string]>([
    ['env', '/etc/passwd'],
    ['file', '/'],
  ])('refuses to start with a bad key path from the %s layer, even with HMAC in use', async (source, path) => {
    await expect(start({ 'service.jwt.private_cert_path': [path, source] })).rejects.toThrow(
      /^Invalid signing key configuration:\nservice\.jwt\.private_cert_path is not a (PEM private key|regular file)$/,
    );
  });

  it('only warns about a bad path stored at runtime while HMAC is in use (nothing reads it)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const service = await start({ 'service.jwt.public_cert_path': ['/etc/passwd', 'database'] });
      expect(service.algorithm).toBe('HS256');
      expect(warn).toHaveBeenCalledWith(
        'service.jwt.public_cert_path is not a PEM public key; fix or delete this runtime option',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses to start with a bad stored path when the algorithm needs the key', async () => {
    await expect(
      start({
        'service.jwt.signing_algorithm': ['RS256', 'env'],
        'service.jwt.private_cert_path': ['/etc/passwd', 'database'],
      }),
    ).rejects.toThrow('service.jwt.private_cert_path is not a PEM private key');
  });

  it('starts with a good key path', async () => {
    const service = await start({
      'service.jwt.signing_algorithm': ['RS256', 'env'],
      'service.jwt.private_cert_path': [rsaPath, 'env'],
    });
    expect(service.jwks().keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256' })]);
  });
});
