import type { OptionKey } from './catalogue';
import { formatConfigPress, parseConfigPress } from './configpress';

describe('parseConfigPress reads the value on each line', () => {
  it('reads an indented [aam] header like an unindented one', () => {
    const text = '  [aam]\nservice.revocation.password_changed = true\nservice.jwt.expires_in = 3600\n';
    const { values, errors } = parseConfigPress(text);
    expect(errors).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({
      'service.revocation.password_changed': true,
      'service.jwt.expires_in': 3600,
    });
  });
});

describe('parseConfigPress reads the layout INI files have', () => {
  it.each([
    ['a header with spaces after it', '[aam]  \nservice.jwt.issuer = a\n'],
    ['a header with spaces inside the brackets', '[ aam ]\nservice.jwt.issuer = a\n'],
    ['an indented assignment', '  service.jwt.issuer = a\n'],
    ['an assignment without spaces', 'service.jwt.issuer=a\n'],
    ['tabs around the =', '\tservice.jwt.issuer\t=\ta\n'],
  ])('reads %s', (_case, text) => {
    const { values, errors } = parseConfigPress(text);
    expect(errors).toEqual([]);
    expect([...values]).toEqual([['service.jwt.issuer', 'a']]);
  });

  it('reads true as text for a string option (the ini decoder makes it a boolean)', () => {
    expect([...parseConfigPress('service.jwt.issuer = true\n').values]).toEqual([['service.jwt.issuer', 'true']]);
  });
});

describe('formatConfigPress writes text that reads back unchanged', () => {
  it.each<[OptionKey, string]>([
    ['service.jwt.issuer', 'https://auth.example.com/#main'],
    ['service.jwt.audience', 'api;v2'],
  ])('writes %s = %p so that it reads back unchanged', (key, value) => {
    const parsed = parseConfigPress(formatConfigPress([[key, value]]));
    expect(parsed.errors).toEqual([]);
    expect(parsed.values.get(key)).toBe(value);
  });
});

describe('parseConfigPress with a repeated option', () => {
  it('blames a bad value on the line that has it, not on the first occurrence', () => {
    expect(parseConfigPress('service.jwt.expires_in = 3600\nservice.jwt.expires_in = soon\n').errors).toEqual([
      { line: 2, message: 'service.jwt.expires_in is already set on line 1' },
    ]);
  });

  it('keeps the value of the first occurrence it reports as set', () => {
    const { values } = parseConfigPress('service.jwt.issuer = first\nservice.jwt.issuer = second\n');
    expect(values.get('service.jwt.issuer')).toBe('first');
  });
});
