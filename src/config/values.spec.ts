import type { OptionKey } from './catalogue';
import { OPTION_KEYS, specOf } from './catalogue';
import { formatOptionValue, parseOptionValue } from './values';

const ok = (value: unknown) => ({ ok: true, value });
const fail = (key: OptionKey, message: string) => ({ ok: false, message: `${key}: ${message}` });
const PUBLIC_URL = specOf('service.public_url').pattern;

describe('parseOptionValue', () => {
  describe('int (service.jwt.clock_tolerance, 0..300)', () => {
    const key = 'service.jwt.clock_tolerance';
    it.each<[unknown, unknown]>([
      [0, ok(0)],
      [300, ok(300)],
      ['42', ok(42)],
      [' 42 ', ok(42)],
      ['0', ok(0)],
      [-1, fail(key, 'must be at least 0')],
      ['-1', fail(key, 'must be at least 0')],
      [301, fail(key, 'must be at most 300')],
      ['301', fail(key, 'must be at most 300')],
      [1.5, fail(key, 'must be a whole number')],
      ['1.5', fail(key, 'must be a whole number')],
      ['1e2', fail(key, 'must be a whole number')],
      ['thirty', fail(key, 'must be a whole number')],
      ['', fail(key, 'must be a whole number')],
      ['12abc', fail(key, 'must be a whole number')],
      [true, fail(key, 'must be a whole number')],
      [null, fail(key, 'must be a whole number')],
      [Number.NaN, fail(key, 'must be a whole number')],
    ])('reads %p as %p', (raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });

    it.each<[OptionKey, number, number]>([
      ['service.jwt.expires_in', 60, 10 * 365 * 86400],
      ['service.jwt.registry_size', 1, 1000],
      ['service.password.min_length', 8, 128],
    ])('keeps %s within %d..%d', (k, min, max) => {
      expect(parseOptionValue(k, min)).toEqual(ok(min));
      expect(parseOptionValue(k, max)).toEqual(ok(max));
      expect(parseOptionValue(k, min - 1)).toEqual(fail(k, `must be at least ${min}`));
      expect(parseOptionValue(k, max + 1)).toEqual(fail(k, `must be at most ${max}`));
    });
  });

  describe('bool (service.jwt.allow_irrevocable)', () => {
    const key = 'service.jwt.allow_irrevocable';
    it.each<[unknown, boolean]>([
      [true, true],
      [false, false],
      ['true', true],
      ['TRUE', true],
      [' yes ', true],
      ['on', true],
      ['1', true],
      ['false', false],
      ['No', false],
      ['off', false],
      ['0', false],
      ['', false],
    ])('reads %p as %p', (raw, value) => {
      expect(parseOptionValue(key, raw)).toEqual(ok(value));
    });

    it.each<[unknown]>([['maybe'], ['2'], ['y'], [1], [0], [null], [undefined]])('refuses %p', (raw) => {
      expect(parseOptionValue(key, raw)).toEqual(fail(key, 'must be true or false'));
    });
  });

  describe('enum (service.jwt.registry_overflow: evict, reject)', () => {
    const key = 'service.jwt.registry_overflow';
    it.each<[unknown, unknown]>([
      ['evict', ok('evict')],
      [' reject ', ok('reject')],
      ['Evict', fail(key, 'must be one of evict, reject')],
      ['drop', fail(key, 'must be one of evict, reject')],
      ['', fail(key, 'must be one of evict, reject')],
      [1, fail(key, 'must be one of evict, reject')],
    ])('reads %p as %p', (raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });

    it('accepts every signing algorithm and nothing else', () => {
      expect(parseOptionValue('service.jwt.signing_algorithm', 'ES512')).toEqual(ok('ES512'));
      expect(parseOptionValue('service.jwt.signing_algorithm', 'none')).toMatchObject({ ok: false });
    });
  });

  describe('list (service.jwt.bearer: header, query_param, cookie)', () => {
    const key = 'service.jwt.bearer';
    const notAList = fail(key, 'must be a comma-separated list of header, query_param, cookie');
    const onceEach = fail(key, 'must list each value once, at least one');
    it.each<[unknown, unknown]>([
      ['header', ok(['header'])],
      ['cookie, header', ok(['cookie', 'header'])],
      ['header,query_param,cookie', ok(['header', 'query_param', 'cookie'])],
      [['query_param', 'header'], ok(['query_param', 'header'])],
      ['header,header', onceEach],
      [['cookie', 'cookie'], onceEach],
      [[], onceEach],
      ['', notAList],
      ['header,,cookie', notAList],
      ['header,body', notAList],
      ['Header', notAList],
      [['header', 1], notAList],
      [42, notAList],
    ])('reads %p as %p', (raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });
  });

  describe('list of origins (service.jwt.cookie_origin_allowlist)', () => {
    const key = 'service.jwt.cookie_origin_allowlist';
    const notOrigins = fail(
      key,
      'must be a comma-separated list, each item matching /^https?:\\/\\/([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?$/',
    );
    it.each<[unknown, unknown]>([
      ['', ok([])],
      ['  ', ok([])],
      [[], ok([])],
      ['https://console.example.com', ok(['https://console.example.com'])],
      ['https://a.example, http://localhost:8080', ok(['https://a.example', 'http://localhost:8080'])],
      [['http://[::1]:3000'], ok(['http://[::1]:3000'])],
      ['https://a.example,https://a.example', fail(key, 'must list each value once')],
      ['https://a.example/', notOrigins],
      ['https://a.example/console', notOrigins],
      ['https://a.example?x=1', notOrigins],
      ['https://user@a.example', notOrigins],
      ['a.example', notOrigins],
      ['ftp://a.example', notOrigins],
      ['*', notOrigins],
      ['null', notOrigins],
      ['https://a.example,,https://b.example', notOrigins],
      [['https://a.example', 1], notOrigins],
      [[['https://a.example']], notOrigins],
    ])('reads %p as %p', (raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });
  });

  describe('string', () => {
    it.each<[OptionKey, unknown, unknown]>([
      ['service.jwt.issuer', ' my-issuer ', ok('my-issuer')],
      ['service.jwt.issuer', 'has space', fail('service.jwt.issuer', 'must match /^\\S{1,200}$/')],
      ['service.jwt.issuer', '', fail('service.jwt.issuer', 'must match /^\\S{1,200}$/')],
      ['service.jwt.issuer', 'x'.repeat(201), fail('service.jwt.issuer', 'must match /^\\S{1,200}$/')],
      ['service.jwt.issuer', 42, fail('service.jwt.issuer', 'must be a string')],
      ['service.jwt.cookie_name', 'sid.v2_x-y', ok('sid.v2_x-y')],
      ['service.jwt.cookie_name', 'sid;', fail('service.jwt.cookie_name', 'must match /^[A-Za-z0-9_.-]{1,64}$/')],
      ['service.public_url', 'https://auth.example.com', ok('https://auth.example.com')],
      ['service.public_url', '', ok('')],
      [
        'service.public_url',
        'https://auth.example.com/path',
        fail('service.public_url', `must match ${String(PUBLIC_URL)}`),
      ],
      ['service.public_url', 'ftp://auth.example.com', fail('service.public_url', `must match ${String(PUBLIC_URL)}`)],
      [
        'service.public_url',
        'https://user:pw@auth.example.com',
        fail('service.public_url', `must match ${String(PUBLIC_URL)}`),
      ],
      ['service.jwt.private_cert_path', '/etc/keys/private.pem', ok('/etc/keys/private.pem')],
    ])('%s reads %p as %p', (key, raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });
  });

  describe('control characters, in every string option', () => {
    const CONTROL = 'must not contain control characters';
    const stringKeys = OPTION_KEYS.filter((key) => specOf(key).type === 'string');

    it.each(stringKeys)('%s refuses NUL inside the value', (key) => {
      expect(parseOptionValue(key, `abc\u0000${'x'.repeat(32)}`)).toEqual(fail(key, CONTROL));
    });

    it.each(
      ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f'].map((c) => [
        JSON.stringify(c),
        `/etc/keys/pri${c}vate.pem`,
      ]),
    )('refuses %s inside a path', (_name, raw) => {
      expect(parseOptionValue('service.jwt.private_cert_path', raw)).toEqual(
        fail('service.jwt.private_cert_path', CONTROL),
      );
    });

    it.each([
      ['a trailing newline, as a file read into the environment has', '/etc/keys/private.pem\n'],
      ['a trailing CRLF', '/etc/keys/private.pem\r\n'],
      ['leading tabs', '\t\t/etc/keys/private.pem'],
    ])('trims %s instead of refusing it', (_case, raw) => {
      expect(parseOptionValue('service.jwt.private_cert_path', raw)).toEqual(ok('/etc/keys/private.pem'));
    });

    it('accepts printable non-ASCII characters', () => {
      expect(parseOptionValue('service.jwt.private_cert_path', '/etc/clés/privé.pem')).toEqual(
        ok('/etc/clés/privé.pem'),
      );
    });
  });

  describe.each(['service.jwt.signing_secret', 'service.jwt.verification_secret'] as const)('%s', (key) => {
    it.each<[string, unknown]>([
      ['', ok('')],
      ['x'.repeat(32), ok('x'.repeat(32))],
      ['x'.repeat(31), fail(key, 'must be at least 32 characters')],
      [`  ${'x'.repeat(31)}  `, fail(key, 'must be at least 32 characters')],
    ])('reads a secret of length %#', (raw, result) => {
      expect(parseOptionValue(key, raw)).toEqual(result);
    });
  });
});

describe('formatOptionValue', () => {
  it.each<[unknown, string]>([
    [3600, '3600'],
    [true, 'true'],
    ['HS256', 'HS256'],
    [['header', 'cookie'], 'header,cookie'],
  ])('writes %p as %p', (value, text) => {
    expect(formatOptionValue(value)).toBe(text);
  });
});
