import type { ClaimExpectations } from './claims-check';
import { checkClaims } from './claims-check';
import { MAX_CLAIMS_DEPTH } from '../common/json-depth';

const NOW = 1_700_000_000;
const expect30: ClaimExpectations = { nowSeconds: NOW, toleranceSeconds: 30, issuer: 'jam', audience: 'api' };

const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  jti: 'jti-1',
  sub: 'user-1',
  iat: NOW - 60,
  exp: NOW + 900,
  iss: 'jam',
  aud: 'api',
  token_use: 'access',
  refreshable: false,
  revocable: true,
  ...overrides,
});

const nested = (levels: number): unknown => (levels === 0 ? 'x' : { k: nested(levels - 1) });

const without = (name: string) => {
  const payload = valid();
  delete payload[name];
  return payload;
};

describe('checkClaims', () => {
  it.each([
    ['an access token', valid()],
    ['an API token', valid({ token_use: 'api' })],
    ['an audience array that includes ours', valid({ aud: ['other', 'api'] })],
    ['an nbf in the past', valid({ nbf: NOW - 10 })],
    ['a credential epoch', valid({ cep: 12 })],
    ['credential epoch 0', valid({ cep: 0 })],
  ])('accepts %s', (_case, payload) => {
    expect(checkClaims(payload, expect30)).toBeNull();
  });

  describe('expiry, with the leeway', () => {
    it.each([
      ['expired beyond the leeway', NOW - 31, 'token_expired'],
      ['expired exactly by the leeway', NOW - 30, 'token_expired'],
      ['expired but within the leeway', NOW - 29, null],
      ['expiring later', NOW + 1, null],
    ])('exp %s', (_case, exp, code) => {
      expect(checkClaims(valid({ exp }), expect30)?.code ?? null).toBe(code);
    });

    it.each([
      ['exp equal to now', NOW, 'token_expired'],
      ['exp one second ahead', NOW + 1, null],
    ])('without leeway: %s', (_case, exp, code) => {
      expect(checkClaims(valid({ exp }), { ...expect30, toleranceSeconds: 0 })?.code ?? null).toBe(code);
    });

    it('says the token has expired', () => {
      expect(checkClaims(valid({ exp: NOW - 100 }), expect30)).toEqual({
        code: 'token_expired',
        detail: 'The token has expired.',
      });
    });
  });

  describe('not-before and issued-at in the future, with the leeway', () => {
    it.each([
      ['nbf', NOW + 30, null],
      ['nbf', NOW + 31, { code: 'token_not_yet_valid', detail: 'The token is not valid yet.' }],
      ['iat', NOW + 30, null],
      ['iat', NOW + 31, { code: 'token_not_yet_valid', detail: 'The token was issued in the future.' }],
    ])('%s at %d', (name, value, result) => {
      expect(checkClaims(valid({ [name]: value }), expect30)).toEqual(result);
    });

    it.each([
      ['nbf', NOW, null],
      ['nbf', NOW + 1, 'token_not_yet_valid'],
      ['iat', NOW, null],
      ['iat', NOW + 1, 'token_not_yet_valid'],
    ])('without leeway: %s = %p', (name, value, code) => {
      expect(checkClaims(valid({ [name]: value }), { ...expect30, toleranceSeconds: 0 })?.code ?? null).toBe(code);
    });
  });

  it.each([
    ['exp missing', without('exp'), 'The token lacks exp or iat.'],
    ['iat missing', without('iat'), 'The token lacks exp or iat.'],
    ['exp as text', valid({ exp: String(NOW + 900) }), 'The token lacks exp or iat.'],
    ['exp not finite', valid({ exp: Number.POSITIVE_INFINITY }), 'The token lacks exp or iat.'],
    ['jti missing', without('jti'), 'The token lacks jti or sub.'],
    ['sub missing', without('sub'), 'The token lacks jti or sub.'],
    ['sub a number', valid({ sub: 42 }), 'The token lacks jti or sub.'],
    ['cep as text', valid({ cep: '1' }), 'The token has a malformed cep.'],
    ['cep negative', valid({ cep: -1 }), 'The token has a malformed cep.'],
    ['cep fractional', valid({ cep: 1.5 }), 'The token has a malformed cep.'],
    ['cep null', valid({ cep: null }), 'The token has a malformed cep.'],
    ['token_use refresh', valid({ token_use: 'refresh' }), 'The token is not an access or API token.'],
    ['token_use missing', without('token_use'), 'The token is not an access or API token.'],
    ['another issuer', valid({ iss: 'someone-else' }), 'The token was issued by another issuer.'],
    ['issuer missing', without('iss'), 'The token was issued by another issuer.'],
    ['another audience (string)', valid({ aud: 'other' }), 'The token is meant for another audience.'],
    ['another audience (array)', valid({ aud: ['other', 'more'] }), 'The token is meant for another audience.'],
    ['an empty audience array', valid({ aud: [] }), 'The token is meant for another audience.'],
    ['audience missing', without('aud'), 'The token is meant for another audience.'],
    [
      'an audience that only contains ours as a substring',
      valid({ aud: 'api-admin' }),
      'The token is meant for another audience.',
    ],
  ])('refuses a token with %s as invalid_token', (_case, payload, detail) => {
    expect(checkClaims(payload, expect30)).toEqual({ code: 'invalid_token', detail });
  });

  it('accepts claims nested as deep as an issued token may carry them', () => {
    expect(checkClaims(valid({ deep: nested(MAX_CLAIMS_DEPTH - 1) }), expect30)).toBeNull();
  });

  it.each([
    ['one level deeper than issued tokens may be', nested(MAX_CLAIMS_DEPTH)],
    ['5,000 levels', JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown],
  ])('refuses claims nested %s as invalid_token', (_case, deep) => {
    expect(checkClaims(valid({ deep }), expect30)).toEqual({
      code: 'invalid_token',
      detail: 'The token claims nest too deeply.',
    });
  });

  it('reports a shape problem before expiry', () => {
    expect(checkClaims(valid({ exp: NOW - 1000, iss: 'other' }), expect30)?.code).toBe('invalid_token');
  });
});
