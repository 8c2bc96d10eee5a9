import { cookieRequestAllowed, originOf, requestOrigin } from './csrf';

const allowed = ['http://localhost:3000', 'https://console.example.com'];

describe('originOf', () => {
  it.each<[string, string | undefined]>([
    ['https://Console.Example.COM/page?x=1#y', 'https://console.example.com'],
    ['https://console.example.com:443', 'https://console.example.com'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:8080/x', 'http://[::1]:8080'],
    ['null', undefined],
    ['', undefined],
    ['javascript:alert(1)', undefined],
    ['file:///etc/passwd', undefined],
    ['not a url', undefined],
  ])('reads %p as %p', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('requestOrigin', () => {
  it('prefers Origin over Referer', () => {
    expect(requestOrigin({ origin: 'https://a.example', referer: 'https://b.example/x' })).toBe('https://a.example');
  });

  it("takes the Referer's origin without an Origin", () => {
    expect(requestOrigin({ referer: 'https://b.example/x?y=1' })).toBe('https://b.example');
  });

  it('does not fall back to the Referer when the Origin is opaque', () => {
    expect(requestOrigin({ origin: 'null', referer: 'http://localhost:3000/' })).toBeUndefined();
  });

  it('has none without either header, or with repeated ones', () => {
    expect(requestOrigin({})).toBeUndefined();
    expect(requestOrigin({ origin: ['http://localhost:3000', 'https://evil.example'] })).toBeUndefined();
    expect(requestOrigin({ referer: ['http://localhost:3000/', 'https://evil.example/'] })).toBeUndefined();
  });
});

describe('cookieRequestAllowed', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'get'])('lets the safe method %s through from anywhere', (method) => {
    expect(cookieRequestAllowed(method, { origin: 'https://evil.example' }, allowed)).toBe(true);
    expect(cookieRequestAllowed(method, {}, allowed)).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'post'])('judges the unsafe method %s by origin', (method) => {
    expect(cookieRequestAllowed(method, { origin: 'http://localhost:3000' }, allowed)).toBe(true);
    expect(cookieRequestAllowed(method, { origin: 'https://console.example.com' }, allowed)).toBe(true);
    expect(cookieRequestAllowed(method, { origin: 'https://evil.example' }, allowed)).toBe(false);
    expect(cookieRequestAllowed(method, {}, allowed)).toBe(false);
  });

  it.each<[string, Record<string, string>, boolean]>([
    [
      'the allowed origin in another case and with its default port',
      { origin: 'HTTPS://console.example.com:443' },
      true,
    ],
    ['a Referer from an allowed page', { referer: 'http://localhost:3000/console/users' }, true],
    ['a Referer from another site', { referer: 'https://evil.example/form.html' }, false],
    ['another port of the same host', { origin: 'http://localhost:3001' }, false],
    ['another scheme of the same host', { origin: 'https://localhost:3000' }, false],
    ['a lookalike suffix', { origin: 'https://console.example.com.evil.example' }, false],
    ['an opaque origin', { origin: 'null' }, false],
    ['an origin that is not a URL', { origin: 'localhost:3000' }, false],
  ])('on POST, %s is allowed: %p', (_case, headers, result) => {
    expect(cookieRequestAllowed('POST', headers, allowed)).toBe(result);
  });

  it('compares with the allowed origins normalised, as they are written in the configuration', () => {
    expect(
      cookieRequestAllowed('POST', { origin: 'https://console.example.com' }, ['HTTPS://Console.Example.COM:443']),
    ).toBe(true);
  });

  it('refuses a request without an origin even beside an allowed entry that is no origin', () => {
    expect(cookieRequestAllowed('POST', {}, ['not an origin'])).toBe(false);
  });

  it('refuses every unsafe request when nothing is allowed', () => {
    expect(cookieRequestAllowed('POST', { origin: 'http://localhost:3000' }, [])).toBe(false);
  });
});
