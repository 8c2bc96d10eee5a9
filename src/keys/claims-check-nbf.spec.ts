import { checkClaims } from './claims-check';

describe('checkClaims refuses a malformed nbf', () => {
  const NOW = 1_700_000_000;
  const expectations = { nowSeconds: NOW, toleranceSeconds: 30, issuer: 'jam', audience: 'api' };
  const payload = (nbf: unknown) => ({
    jti: 'j',
    sub: 's',
    iat: NOW - 60,
    exp: NOW + 900,
    iss: 'jam',
    aud: 'api',
    token_use: 'access',
    nbf,
  });

  it.each<[unknown]>([['2030-01-01T00:00:00Z'], [String(NOW + 86400)], [null], [Number.NaN]])(
    'refuses a token whose nbf is %p',
    (nbf) => {
      expect(checkClaims(payload(nbf), expectations)?.code).toBe('invalid_token');
    },
  );
});
