import { fieldWithMalformedText } from './well-formed';

describe('fieldWithMalformedText', () => {
  it.each([
    [{ a: 'plain', b: ['😀 paired surrogates are fine'] }, undefined],
    [{ a: 'x', email: '\ud800' }, 'email'],
    [{ claims: { deep: [{ v: 'a\udc00' }] } }, 'claims'],
    [{ claims: { ['k\ud800']: 1 } }, 'claims'],
    ['\udfff', ''],
    [null, undefined],
  ])('%j → %s', (value, field) => {
    expect(fieldWithMalformedText(value)).toBe(field);
  });

  it('reports the first offending field in document order', () => {
    expect(fieldWithMalformedText({ a: { deep: ['ok', '\ud800'] }, b: '\udc00', c: { '\ud801': 1 } })).toBe('a');
    expect(fieldWithMalformedText({ a: 'ok', b: { '\ud801': 1 }, c: '\udc00' })).toBe('b');
    expect(fieldWithMalformedText(['ok', { x: 1 }, '\ud800', '\udc00'])).toBe('2');
  });
});
