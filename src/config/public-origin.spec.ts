import { ownOrigins, publicOrigin, reachableOrigin } from './public-origin';

describe("the server's own origin", () => {
  it('is the configured one alone when service.public_url is set', () => {
    expect(publicOrigin('https://auth.example.com', 3000)).toBe('https://auth.example.com');
    expect(ownOrigins('https://auth.example.com', 3000)).toEqual(['https://auth.example.com']);
  });

  it('is loopback by name or address when it is not', () => {
    expect(publicOrigin('', 3000)).toBe('http://localhost:3000');
    expect(ownOrigins('', 3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
  });
});

describe('where clients reach the server (the OpenAPI servers entry)', () => {
  const ipv4 = (address: string, port = 4000) => ({ address, family: 'IPv4', port });

  it.each([
    ['service.public_url when it is set', 'https://auth.example.com', ipv4('0.0.0.0'), 'https://auth.example.com'],
    ['localhost on the listening port for a wildcard address', '', ipv4('0.0.0.0'), 'http://localhost:4000'],
    ['localhost for the IPv6 wildcard', '', { address: '::', family: 'IPv6', port: 4000 }, 'http://localhost:4000'],
    ['the address it listens on otherwise', '', ipv4('127.0.0.1', 4100), 'http://127.0.0.1:4100'],
    ['an IPv6 address in brackets', '', { address: '::1', family: 'IPv6', port: 4000 }, 'http://[::1]:4000'],
    ['the configured port before it listens', '', undefined, 'http://localhost:3000'],
  ])('is %s', (_case, configured, listening, expected) => {
    expect(reachableOrigin(configured, listening, 3000)).toBe(expected);
  });
});
