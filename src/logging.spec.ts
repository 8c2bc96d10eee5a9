import { ServerEnvironment } from './common/environment';
import { chooseLogFormat, isGeneratedPasswordNotice, passwordBlock, redactUrl } from './logging';

const TOKEN = 'eyJhbGciOi.payload.sig';

describe('log redaction', () => {
  it.each([
    ['/api/v1/me?jwt=eyJhbGciOi.payload.sig', '/api/v1/me?jwt=[REDACTED]'],
    ['/api/v1/auth/jwt-login?redirect_to=%2F&jwt=abc&x=1', '/api/v1/auth/jwt-login?redirect_to=%2F&jwt=[REDACTED]&x=1'],
    ['/x?access_token=a&refresh_token=b', '/x?access_token=[REDACTED]&refresh_token=[REDACTED]'],
    ['/x?signing_secret=s', '/x?signing_secret=[REDACTED]'],
    ['/api/v1/users?page=2', '/api/v1/users?page=2'],
    ['/api/v1/users', '/api/v1/users'],
    ['/api/v1/users?', '/api/v1/users?'],
  ])('keeps credentials in %s out of the log', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves a missing URL alone', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});

describe('log redaction of encoded and renamed parameters', () => {
  it('redacts a parameter whose name is percent-encoded', () => {
    expect(redactUrl('/api/v1/me?%6Awt=abc.def.ghi')).toBe('/api/v1/me?%6Awt=[REDACTED]');
  });

  it('redacts a parameter whose name cannot be decoded', () => {
    expect(redactUrl('/api/v1/me?%E0%A4%A=abc')).toBe('/api/v1/me?[REDACTED]');
  });

  it('redacts a renamed query parameter too', () => {
    expect(redactUrl('/api/v1/me?auth.key=abc&page=1', 'auth.key')).toBe('/api/v1/me?auth.key=[REDACTED]&page=1');
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
