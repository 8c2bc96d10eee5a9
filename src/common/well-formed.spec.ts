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
});
