import type { OptionKey } from './catalogue';
import { REDACTED, formatConfigPress, parseConfigPress } from './configpress';

const SECRET = 's'.repeat(40);

describe('parseConfigPress', () => {
  it('reads options at top level', () => {
    const { values, errors } = parseConfigPress(
      'service.jwt.expires_in = 3600\nservice.jwt.allow_irrevocable = true\n',
    );
    expect(errors).toEqual([]);
    expect([...values]).toEqual([
      ['service.jwt.expires_in', 3600],
      ['service.jwt.allow_irrevocable', true],
    ]);
  });

  it('reads options in the [aam] section', () => {
    const { values, errors } = parseConfigPress(
      '[aam]\nservice.jwt.bearer = cookie, header\nservice.jwt.registry_overflow = reject\n',
    );
    expect(errors).toEqual([]);
    expect([...values]).toEqual([
      ['service.jwt.bearer', ['cookie', 'header']],
      ['service.jwt.registry_overflow', 'reject'],
    ]);
  });

  it('reads options at top level and then in [aam] together', () => {
    const { values, errors } = parseConfigPress('service.jwt.issuer = top\n[aam]\nservice.jwt.audience = inner\n');
    expect(errors).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({ 'service.jwt.issuer': 'top', 'service.jwt.audience': 'inner' });
  });

  it.each<[string, OptionKey, unknown]>([
    ['authentication.jwt.expires = 3600', 'service.jwt.expires_in', 3600],
    ['authentication.jwt.algorithm = RS256', 'service.jwt.signing_algorithm', 'RS256'],
    [`authentication.jwt.secret = ${SECRET}`, 'service.jwt.signing_secret', SECRET],
    ['authentication.jwt.registryLimit = 5', 'service.jwt.registry_size', 5],
    ['authentication.jwt.privateCertPath = /keys/p.pem', 'service.jwt.private_cert_path', '/keys/p.pem'],
  ])('resolves the AAM v6 alias in %p to %s', (line, key, value) => {
    const { values, errors } = parseConfigPress(`[aam]\n${line}\n`);
    expect(errors).toEqual([]);
    expect([...values]).toEqual([[key, value]]);
  });

  it('skips comments and blank lines but counts them in line numbers', () => {
    const text = [
      '; a comment',
      '# another',
      '',
      '   ',
      '  ; indented comment',
      '[aam]',
      'service.jwt.expires_in = 10',
    ].join('\n');
    expect(parseConfigPress(text).errors).toEqual([
      { line: 7, message: 'service.jwt.expires_in: must be at least 60' },
    ]);
  });

  it('counts lines the same with CRLF line ends', () => {
    expect(parseConfigPress('[aam]\r\n\r\nbare\r\n').errors).toEqual([
      { line: 3, message: 'expected "option = value"' },
    ]);
  });

  it.each<[string, string, { line: number; message: string }[]]>([
    [
      'a bare word',
      'service.jwt.issuer = a\nservice.jwt.allow_irrevocable\n',
      [{ line: 2, message: 'expected "option = value"' }],
    ],
    ['a line starting with =', '= 5\n', [{ line: 1, message: 'expected "option = value"' }]],
    [
      'an unknown section',
      '[aam]\nservice.jwt.issuer = a\n[wordpress]\nservice.jwt.audience = b\n',
      [{ line: 3, message: 'unknown section [wordpress]; use [aam] or none' }],
    ],
    ['an unknown option', 'service.jwt.expires = 3600\n', [{ line: 1, message: 'unknown option service.jwt.expires' }]],
    [
      'a duplicate key',
      'service.jwt.issuer = a\n\nservice.jwt.issuer = b\n',
      [{ line: 3, message: 'service.jwt.issuer is already set on line 1' }],
    ],
    [
      'a key set by name and by alias',
      '[aam]\nservice.jwt.expires_in = 3600\nauthentication.jwt.expires = 60\n',
      [{ line: 3, message: 'service.jwt.expires_in is already set on line 2' }],
    ],
    [
      'a key set at top level and again in [aam]',
      'service.jwt.issuer = a\n[aam]\nservice.jwt.issuer = b\n',
      [{ line: 3, message: 'service.jwt.issuer is already set on line 1' }],
    ],
    [
      'a bad value',
      '[aam]\nservice.jwt.registry_overflow = drop\n',
      [{ line: 2, message: 'service.jwt.registry_overflow: must be one of evict, reject' }],
    ],
  ])('reports %s with its line', (_case, text, errors) => {
    expect(parseConfigPress(text).errors).toEqual(errors);
  });

  it('ignores the options inside an unknown section instead of applying them', () => {
    const { values } = parseConfigPress('[other]\nservice.jwt.issuer = x\n');
    expect(values.size).toBe(0);
  });

  it('reports every error, not just the first', () => {
    const text = [
      '[aam]',
      'service.jwt.registry_size = soon',
      'bare',
      'service.jwt.unknown = 1',
      'service.jwt.issuer = ok',
      'authentication.jwt.expires = 3600',
      'service.jwt.expires_in = 7200',
      '[elsewhere]',
    ].join('\n');
    const { values, errors } = parseConfigPress(text);
    expect(errors).toEqual([
      { line: 2, message: 'service.jwt.registry_size: must be a whole number' },
      { line: 3, message: 'expected "option = value"' },
      { line: 4, message: 'unknown option service.jwt.unknown' },
      { line: 7, message: 'service.jwt.expires_in is already set on line 6' },
      { line: 8, message: 'unknown section [elsewhere]; use [aam] or none' },
    ]);
    expect([...values]).toEqual([
      ['service.jwt.issuer', 'ok'],
      ['service.jwt.expires_in', 3600],
    ]);
  });

  it('reads an empty value as empty text (so a bool is false and a required string is refused)', () => {
    const { values, errors } = parseConfigPress('service.jwt.allow_irrevocable =\nservice.jwt.issuer =\n');
    expect([...values]).toEqual([['service.jwt.allow_irrevocable', false]]);
    expect(errors).toEqual([{ line: 2, message: 'service.jwt.issuer: must match /^\\S{1,200}$/' }]);
  });

  it('reads null, which the ini decoder turns into a JS null, as empty text like an empty value', () => {
    const { values, errors } = parseConfigPress(
      'service.jwt.allow_irrevocable = null\nservice.jwt.private_cert_path = null\n',
    );
    expect(errors).toEqual([]);
    expect([...values]).toEqual([
      ['service.jwt.allow_irrevocable', false],
      ['service.jwt.private_cert_path', ''],
    ]);
  });

  it('reads quoted values without the quotes', () => {
    expect([...parseConfigPress('service.jwt.issuer = "quoted"\n').values]).toEqual([['service.jwt.issuer', 'quoted']]);
  });

  it('refuses the REDACTED placeholder as a secret (it is not one)', () => {
    const { errors } = parseConfigPress(`[aam]\nservice.jwt.signing_secret = ${REDACTED}\n`);
    expect(errors).toEqual([{ line: 2, message: 'service.jwt.signing_secret: must be at least 32 characters' }]);
  });

  it('treats the REDACTED text as an ordinary value for an option that is not secret', () => {
    expect(parseConfigPress(`service.jwt.issuer = ${REDACTED}\n`).values.get('service.jwt.issuer')).toBe(REDACTED);
    expect(parseConfigPress(`service.jwt.expires_in = ${REDACTED}\n`).errors).toEqual([
      { line: 1, message: 'service.jwt.expires_in: must be a whole number' },
    ]);
  });

  it('returns nothing for an empty text', () => {
    expect(parseConfigPress('')).toEqual({ values: new Map(), lines: new Map(), errors: [] });
  });
});

describe('formatConfigPress', () => {
  it('writes an [aam] section with typed values as text', () => {
    expect(
      formatConfigPress([
        ['service.jwt.expires_in', 3600],
        ['service.jwt.allow_irrevocable', true],
        ['service.jwt.bearer', ['cookie', 'header']],
      ]),
    ).toBe(
      '[aam]\nservice.jwt.expires_in = 3600\nservice.jwt.allow_irrevocable = true\nservice.jwt.bearer = cookie,header\n',
    );
  });

  it('redacts secret options', () => {
    const text = formatConfigPress([['service.jwt.signing_secret', SECRET]]);
    expect(text).toBe(`[aam]\nservice.jwt.signing_secret = ${REDACTED}\n`);
    expect(text).not.toContain(SECRET);
  });

  it('writes just the section header when there is nothing to write', () => {
    expect(formatConfigPress([])).toBe('[aam]\n');
  });

  it('reads back to the same values', () => {
    const values: [OptionKey, unknown][] = [
      ['service.jwt.expires_in', 7200],
      ['service.jwt.bearer', ['header', 'cookie']],
      ['service.jwt.registry_overflow', 'reject'],
      ['service.revocation.email_changed', false],
    ];
    const parsed = parseConfigPress(formatConfigPress(values));
    expect(parsed.errors).toEqual([]);
    expect([...parsed.values]).toEqual(values);
  });
});
