import { ServerEnvironment } from './common/environment';
import { chooseLogFormat, isGeneratedPasswordNotice, passwordBlock, redactUrl } from './logging';

const TOKEN = 'eyJhbGciOi.payload.sig';

describe('log redaction', () => {
  it.each([
    ['/api/v1/me?jwt=eyJhbGciOi.payload.sig', '/api/v1/me?jwt=[REDACTED]'],
    ['/api/v1/auth/jwt-login?redirect_to=%2F&jwt=abc&x=1', '/api/v1/auth/jwt-login?redirect_to=%2F&jwt=[REDACTED]&x=1'],
    ['/x?access_token=a&refresh_token=b', '/x?access_token=[REDACTED]&refresh_token=[REDACTED]'],
    ['/x?signing_secret=s', '/x?signing_secret=[REDACTED]'],
    ['/x?private_cert_passphrase=p', '/x?private_cert_passphrase=[REDACTED]'],
    [
      '/x?password=p&api_key=k&apikey=k&authorization=Bearer%20t',
      '/x?password=[REDACTED]&api_key=[REDACTED]&apikey=[REDACTED]&authorization=[REDACTED]',
    ],
    ['/api/v1/users?page=2', '/api/v1/users?page=2'],
    ['/api/v1/users?fields=token&page=2', '/api/v1/users?fields=token&page=2'],
    ['/api/v1/users', '/api/v1/users'],
    ['/api/v1/users?', '/api/v1/users?'],
  ])('keeps credentials in %s out of the log', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves a missing URL alone', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('log redaction of every shape a credential parameter arrives in', () => {
  it.each([
    ['an array', `/me?jwt[]=${TOKEN}`, '/me?jwt[]=[REDACTED]'],
    ['an indexed array', `/me?jwt[0]=${TOKEN}&jwt[1]=${TOKEN}`, '/me?jwt[0]=[REDACTED]&jwt[1]=[REDACTED]'],
    ['an encoded array', `/me?jwt%5B%5D=${TOKEN}`, '/me?jwt%5B%5D=[REDACTED]'],
    ['a nested key', `/me?a[jwt]=${TOKEN}`, '/me?a[jwt]=[REDACTED]'],
    ['a deeply nested name', `/me?jwt[x][y]=${TOKEN}`, '/me?jwt[x][y]=[REDACTED]'],
    ['a dotted name', `/me?a.jwt=${TOKEN}`, '/me?a.jwt=[REDACTED]'],
    ['a percent-encoded name', `/me?%6Awt=${TOKEN}`, '/me?%6Awt=[REDACTED]'],
    ['a partly encoded array name', `/me?j%77t[]=${TOKEN}`, '/me?j%77t[]=[REDACTED]'],
    ['a doubly encoded name', `/me?%256Awt=${TOKEN}`, '/me?%256Awt=[REDACTED]'],
    ['a name padded with +', `/me?jwt+=${TOKEN}`, '/me?jwt+=[REDACTED]'],
    ['a name padded with %20', `/me?%20jwt=${TOKEN}`, '/me?%20jwt=[REDACTED]'],
    ['a repeated parameter', `/me?jwt=${TOKEN}&page=1&jwt=${TOKEN}`, '/me?jwt=[REDACTED]&page=1&jwt=[REDACTED]'],
    ['mixed case', `/me?JwT=${TOKEN}`, '/me?JwT=[REDACTED]'],
    ['a name without a value', '/me?jwt', '/me?jwt=[REDACTED]'],
    ['a name that contains a credential word', `/me?reset_token=${TOKEN}`, '/me?reset_token=[REDACTED]'],
  ])('redacts %s', (_shape, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain(TOKEN);
  });

  it.each([
    ['a name that cannot be decoded', `/me?%E0%A4%A=${TOKEN}&page=1`],
    ['a later name that cannot be decoded', `/me?page=1&jw%t=${TOKEN}`],
  ])('redacts the whole query for %s', (_shape, url) => {
    expect(redactUrl(url)).toBe('/me?[REDACTED]');
  });

  it.each([
    ['the renamed parameter', '/me?auth.key=abc&page=1', '/me?auth.key=[REDACTED]&page=1'],
    ['the renamed parameter in another case', '/me?AUTH.KEY=abc', '/me?AUTH.KEY=[REDACTED]'],
    ['the renamed parameter as an array', '/me?auth.key[]=abc', '/me?auth.key[]=[REDACTED]'],
    ['the renamed parameter nested', '/me?a[access]=abc', '/me?a[access]=[REDACTED]'],
  ])('redacts %s', (_shape, url, expected) => {
    expect(redactUrl(url, url.includes('access') ? 'access' : 'auth.key')).toBe(expected);
  });

  it('keeps parameters that only resemble the renamed one', () => {
    expect(redactUrl('/me?accessible=1&page=2', 'access')).toBe('/me?accessible=1&page=2');
  });
});

describe('log format', () => {
  it.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('LOG_FORMAT %s with a terminal %s logs %s', (forced, tty, expected) => {
    expect(chooseLogFormat(forced, tty)).toBe(expected);
  });

  it.each([
    [{}, undefined],
    [{ LOG_FORMAT: '' }, undefined],
    [{ LOG_FORMAT: 'json' }, 'json'],
    [{ LOG_FORMAT: 'pretty' }, 'pretty'],
  ])('reads LOG_FORMAT from %j', (env, expected) => {
    expect(new ServerEnvironment(env).logFormat).toBe(expected);
  });

  it.each(['yaml', 'JSON', 'pretty '])('stops start-up on LOG_FORMAT=%j with a message naming the choices', (value) => {
    expect(() => new ServerEnvironment({ LOG_FORMAT: value })).toThrow(
      `LOG_FORMAT must be json or pretty (or unset: pretty on a terminal, JSON otherwise), got '${value}'`,
    );
  });
});

describe('the generated password notice', () => {
  it('frames the username and password on lines of their own, saying it is shown once', () => {
    const lines = passwordBlock('admin', 'Secret-1').split('\n');
    const inner = lines.map((line) => line.replace(/^\| | *\|$/g, ''));
    expect(inner).toContain('  username: admin');
    expect(inner.filter((line) => line.includes('Secret-1'))).toEqual(['  password: Secret-1']);
    expect(lines.join('\n')).toMatch(/shown this once/);
    const framed = lines.filter((line) => line.startsWith('|'));
    expect(new Set(framed.map((line) => line.length)).size).toBe(1);
  });

  it.each([
    [{ generatedAdministrator: { username: 'admin', password: 'p' } }, true],
    [{ generatedAdministrator: { username: 'admin' } }, false],
    [{ generatedAdministrator: { password: 'p' } }, false],
    ['Created administrator', false],
    [null, false],
  ])('recognises %j as the notice: %s', (message, expected) => {
    expect(isGeneratedPasswordNotice(message)).toBe(expected);
  });
});
