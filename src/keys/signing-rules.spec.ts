import { Logger } from '@nestjs/common';
import { createSigner } from 'fast-jwt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../common/clock';
import type { OptionKey } from '../config/catalogue';
import type { ConfigListener, ConfigService, ConfigValidator } from '../config/config.service';
import type { ServerEnvironment } from '../common/environment';
import type { TokenClaims } from '../common/token-claims';
import { SigningService } from './signing.service';

const NOW = 1_800_000_000;
const SECRET = 'a-signing-secret-of-enough-length-for-hs256';

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW * 1000);
  }
}

/** The options SigningService reads, with listeners and validators it registers kept for the test to call. */
class FakeConfig {
  readonly values = new Map<OptionKey, unknown>([
    ['service.jwt.signing_algorithm', 'HS256'],
    ['service.jwt.signing_secret', SECRET],
    ['service.jwt.private_cert_path', ''],
    ['service.jwt.public_cert_path', ''],
    ['service.jwt.issuer', 'jwt-access-manager'],
    ['service.jwt.audience', 'api'],
    ['service.jwt.clock_tolerance', 30],
  ]);
  validators: ConfigValidator[] = [];
  listeners: ConfigListener[] = [];

  get(key: OptionKey): unknown {
    return this.values.get(key);
  }

  view(): { source: string } {
    return { source: 'env' };
  }

  addValidator(validator: ConfigValidator): void {
    this.validators.push(validator);
  }

  onChange(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  async change(key: OptionKey, value: unknown): Promise<void> {
    this.values.set(key, value);
    await this.notify([key]);
  }

  async notify(keys: OptionKey[]): Promise<void> {
    for (const listener of this.listeners) await listener(keys);
  }
}

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    jti: 'j1',
    sub: 'u1',
    iat: NOW,
    exp: NOW + 600,
    iss: 'jwt-access-manager',
    aud: 'api',
    token_use: 'access',
    refreshable: false,
    revocable: true,
    ...overrides,
  };
}

function failureOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected the call to throw');
}

describe('SigningService verification and key changes', () => {
  let dataDir: string;
  let config: FakeConfig;
  let signing: SigningService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jam-signing-'));
    config = new FakeConfig();
    signing = new SigningService(
      config as unknown as ConfigService,
      { dataDir } as ServerEnvironment,
      new FixedClock(),
    );
    await signing.onModuleInit();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A token signed with the configured secret but a header of the test's choosing. */
  const signWithHeader = (
    payload: Record<string, unknown>,
    header: Record<string, unknown>,
    algorithm: 'HS256' | 'HS512' = 'HS256',
  ) => createSigner({ key: SECRET, algorithm, header: { alg: algorithm, ...header } })(payload);

  it.each([
    ['access', 'at+jwt'],
    ['api', 'JWT'],
  ] as const)('verifies an %s token it signed as %s', (use, type) => {
    const token = signing.sign(claims({ token_use: use }), type);
    expect(signing.verify(token)).toMatchObject({ jti: 'j1', sub: 'u1', token_use: use });
  });

  it('names the key it signs with in the header', () => {
    const token = signing.sign(claims(), 'at+jwt');
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: signing.kid });
    expect(signing.algorithm).toBe('HS256');
  });

  it.each([
    ['an access token typed JWT', claims(), 'JWT'],
    ['an API token typed at+jwt', claims({ token_use: 'api' }), 'at+jwt'],
  ] as const)('refuses %s', (_case, payload, type) => {
    expect(failureOf(() => signing.verify(signing.sign(payload, type)))).toEqual({
      code: 'invalid_token',
      message: 'The token type (typ) does not match its use.',
    });
  });

  it.each(['application/at+jwt', 'AT+JWT', 'Application/At+Jwt'])('accepts the access type written as %s', (typ) => {
    expect(signing.verify(signWithHeader(claims(), { typ }))).toMatchObject({ jti: 'j1' });
  });

  it.each([undefined, 7, 'jwt+at', 'xapplication/at+jwt', 'at+jwtapplication/'])(
    'refuses an access token with typ %j',
    (typ) => {
      expect(failureOf(() => signing.verify(signWithHeader(claims(), { typ }))).code).toBe('invalid_token');
    },
  );

  it.each([
    ['a malformed token', () => 'not-a-token', 'The token is malformed.'],
    [
      'a token with a bad signature',
      () => `${signing.sign(claims(), 'at+jwt').slice(0, -4)}AAAA`,
      'The token signature is invalid.',
    ],
    [
      'a token without a signature',
      () => signing.sign(claims(), 'at+jwt').replace(/\.[^.]+$/, '.'),
      'The token signature is invalid.',
    ],
    [
      'a token signed with another algorithm',
      () => signWithHeader(claims(), { typ: 'at+jwt' }, 'HS512'),
      'The token is not signed with the expected algorithm.',
    ],
  ])('refuses %s, saying why', (_case, token, message) => {
    expect(failureOf(() => signing.verify(token()))).toEqual({ code: 'invalid_token', message });
  });

  it('refuses a token whose payload is not JSON', () => {
    const [header, , signature] = signing.sign(claims(), 'at+jwt').split('.');
    const token = `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`;
    expect(failureOf(() => signing.verify(token)).code).toBe('invalid_token');
  });

  it('checks time against the injected clock with the configured tolerance', () => {
    const expired = signing.sign(claims({ exp: NOW - 31 }), 'at+jwt');
    expect(failureOf(() => signing.verify(expired)).code).toBe('token_expired');
    expect(signing.verify(signing.sign(claims({ exp: NOW - 29 }), 'at+jwt'))).toMatchObject({ jti: 'j1' });
    config.values.set('service.jwt.clock_tolerance', 0);
    expect(failureOf(() => signing.verify(signing.sign(claims({ exp: NOW - 1 }), 'at+jwt'))).code).toBe(
      'token_expired',
    );
  });

  it('checks issuer and audience against the configuration', () => {
    const token = signing.sign(claims(), 'at+jwt');
    config.values.set('service.jwt.audience', 'other');
    expect(failureOf(() => signing.verify(token)).message).toBe('The token is meant for another audience.');
    config.values.set('service.jwt.audience', 'api');
    config.values.set('service.jwt.issuer', 'other');
    expect(failureOf(() => signing.verify(token)).message).toBe('The token was issued by another issuer.');
  });

  it('publishes no key for HMAC', () => {
    expect(signing.jwks()).toEqual({ keys: [] });
  });

  it('publishes the public key of an asymmetric algorithm, and only it', async () => {
    await config.change('service.jwt.signing_algorithm', 'ES256');
    const { keys } = signing.jwks();
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: signing.kid, alg: 'ES256', use: 'sig' }),
    ]);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('reloads the key when a key option changes, and keeps it otherwise', async () => {
    const before = signing.kid;
    const old = signing.sign(claims(), 'at+jwt');
    config.values.set('service.jwt.signing_secret', `${SECRET}-v2`);
    await config.notify(['service.jwt.issuer']);
    expect(signing.kid).toBe(before);
    await config.notify(['service.jwt.issuer', 'service.jwt.signing_secret']);
    expect(signing.kid).not.toBe(before);
    expect(failureOf(() => signing.verify(old)).message).toBe('The token signature is invalid.');
  });

  it('keeps signing with the current key when a changed one cannot be loaded', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const before = signing.kid;
    config.values.set('service.jwt.private_cert_path', join(dataDir, 'missing.pem'));
    await config.change('service.jwt.signing_algorithm', 'RS256');
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^Keeping the current signing key/));
    logged.mockRestore();
    expect(signing.kid).toBe(before);
    expect(signing.algorithm).toBe('HS256');
    expect(signing.verify(signing.sign(claims(), 'at+jwt'))).toMatchObject({ jti: 'j1' });
  });

  it('refuses a change to a key that does not exist yet, without generating one', async () => {
    const [validate] = config.validators;
    const candidate = new Map(config.values);
    expect(await validate(candidate)).toEqual([]);
    candidate.set('service.jwt.signing_algorithm', 'ES384');
    expect(await validate(candidate)).toEqual(['signing key: no private key is configured']);
  });
});
