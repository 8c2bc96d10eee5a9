import { ownOrigins, publicOrigin } from './public-origin';

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
