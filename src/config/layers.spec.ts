import type { OptionKey } from './catalogue';
import { CATALOGUE, OPTION_KEYS } from './catalogue';
import { isSecret, readEnvironmentLayer, resolveLayers } from './layers';

const layer = (entries: [OptionKey, unknown][] = []) => new Map<OptionKey, unknown>(entries);

describe('resolveLayers', () => {
  const KEY: OptionKey = 'service.jwt.expires_in';

  it.each<[string, [OptionKey, unknown][], [OptionKey, unknown][], [OptionKey, unknown][], unknown, string]>([
    ['the default when no layer sets it', [], [], [], CATALOGUE[KEY].default, 'default'],
    ['the file over the default', [[KEY, 100]], [], [], 100, 'file'],
    ['the environment over the file', [[KEY, 100]], [[KEY, 200]], [], 200, 'env'],
    ['the database over the environment', [[KEY, 100]], [[KEY, 200]], [[KEY, 300]], 300, 'database'],
    ['the database over the file alone', [[KEY, 100]], [], [[KEY, 300]], 300, 'database'],
    ['the environment over the default alone', [], [[KEY, 200]], [], 200, 'env'],
  ])('takes %s', (_case, file, env, database, value, source) => {
    const resolved = resolveLayers({ file: layer(file), env: layer(env), database: layer(database) });
    expect(resolved.get(KEY)).toEqual({ key: KEY, value, source });
  });

  it('resolves every catalogue option, each on its own', () => {
    const resolved = resolveLayers({
      file: layer([['service.jwt.issuer', 'from-file']]),
      env: layer([['service.jwt.audience', 'from-env']]),
      database: layer(),
    });
    expect([...resolved.keys()]).toEqual(OPTION_KEYS);
    expect(resolved.get('service.jwt.issuer')).toMatchObject({ value: 'from-file', source: 'file' });
    expect(resolved.get('service.jwt.audience')).toMatchObject({ value: 'from-env', source: 'env' });
    expect(resolved.get('service.jwt.cookie_name')).toMatchObject({ value: 'jwt_token', source: 'default' });
  });
});

describe('readEnvironmentLayer', () => {
  it.each<[string, string, OptionKey, unknown]>([
    ['SERVICE_JWT_EXPIRES_IN', '3600', 'service.jwt.expires_in', 3600],
    ['SERVICE_JWT_SIGNING_ALGORITHM', 'ES256', 'service.jwt.signing_algorithm', 'ES256'],
    ['SERVICE_JWT_BEARER', 'cookie,header', 'service.jwt.bearer', ['cookie', 'header']],
    ['SERVICE_JWT_ALLOW_IRREVOCABLE', 'yes', 'service.jwt.allow_irrevocable', true],
    ['SERVICE_PUBLIC_URL', 'https://auth.example.com', 'service.public_url', 'https://auth.example.com'],
    ['SERVICE_REVOCATION_PASSWORD_CHANGED', 'off', 'service.revocation.password_changed', false],
    ['SERVICE_AUDIT_RETENTION_DAYS', '30', 'service.audit.retention_days', 30],
  ])('reads %s=%p into %s', (name, raw, key, value) => {
    expect(readEnvironmentLayer({ [name]: raw })).toEqual({ values: new Map([[key, value]]), errors: [] });
  });

  it('ignores unrelated, lower-case and alias-style variables', () => {
    expect(
      readEnvironmentLayer({ PATH: '/usr/bin', service_jwt_expires_in: '3600', AUTHENTICATION_JWT_EXPIRES: '3600' }),
    ).toEqual({ values: new Map(), errors: [] });
  });

  it('reports each bad value with the variable name and what is wrong', () => {
    const { values, errors } = readEnvironmentLayer({
      SERVICE_JWT_EXPIRES_IN: '10',
      SERVICE_JWT_BEARER: 'header,body',
      SERVICE_JWT_ISSUER: 'ok-issuer',
      SERVICE_JWT_SIGNING_SECRET: 'short',
    });
    expect(errors).toEqual([
      'SERVICE_JWT_SIGNING_SECRET: service.jwt.signing_secret: must be at least 32 characters',
      'SERVICE_JWT_EXPIRES_IN: service.jwt.expires_in: must be at least 60',
      'SERVICE_JWT_BEARER: service.jwt.bearer: must be a comma-separated list of header, query_param, cookie',
    ]);
    expect([...values]).toEqual([['service.jwt.issuer', 'ok-issuer']]);
  });

  it('treats a variable set to empty text as set', () => {
    expect(readEnvironmentLayer({ SERVICE_JWT_REGISTRY_SIZE: '' }).errors).toEqual([
      'SERVICE_JWT_REGISTRY_SIZE: service.jwt.registry_size: must be a whole number',
    ]);
  });
});

describe('isSecret', () => {
  it('marks only the signing and verification secrets and the private key passphrase as secret', () => {
    expect(OPTION_KEYS.filter(isSecret)).toEqual([
      'service.jwt.signing_secret',
      'service.jwt.private_cert_passphrase',
      'service.jwt.verification_secret',
    ]);
  });
});
