import { redactUrl } from './logging';

describe('log redaction', () => {
  it.each([
    ['/api/v1/me?jwt=eyJhbGciOi.payload.sig', '/api/v1/me?jwt=[REDACTED]'],
    ['/api/v1/auth/jwt-login?redirect_to=%2F&jwt=abc&x=1', '/api/v1/auth/jwt-login?redirect_to=%2F&jwt=[REDACTED]&x=1'],
    ['/x?access_token=a&refresh_token=b', '/x?access_token=[REDACTED]&refresh_token=[REDACTED]'],
    ['/x?signing_secret=s', '/x?signing_secret=[REDACTED]'],
    ['/api/v1/users?page=2', '/api/v1/users?page=2'],
  ])('keeps credentials in %s out of the log', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
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
