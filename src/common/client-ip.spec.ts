import { compileProxyTrust, proxyTrustProblem, resolveClientIp } from './client-ip';

describe('the client IP', () => {
  const client = (peer: string, forwarded: string | string[] | undefined, trusted: string[]) =>
    resolveClientIp(peer, forwarded, compileProxyTrust(trusted));

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(client('192.0.2.1', '198.51.100.1', [])).toBe('192.0.2.1');
    expect(client('::ffff:192.0.2.1', undefined, [])).toBe('192.0.2.1');
  });

  it('walks X-Forwarded-For from the right through as many proxies as a hop count trusts', () => {
    expect(client('10.0.0.1', '203.0.113.5, 198.51.100.1', ['1'])).toBe('198.51.100.1');
    expect(client('10.0.0.1', '203.0.113.5, 198.51.100.1', ['2'])).toBe('203.0.113.5');
    expect(client('10.0.0.1', ['203.0.113.5', '198.51.100.1'], ['2'])).toBe('203.0.113.5');
    // More hops trusted than the chain has: the leftmost address is the client.
    expect(client('10.0.0.1', '198.51.100.1', ['5'])).toBe('198.51.100.1');
  });

  it('trusts only the listed proxies, IPv4-mapped peers included', () => {
    const proxies = ['10.0.0.0/8', '2001:db8::/32'];
    expect(client('::ffff:10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(client('2001:db8::5', '10.0.0.9, 198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(client('2001:db8::5', '198.51.100.1, 10.0.0.9', proxies)).toBe('198.51.100.1');
    expect(client('192.0.2.1', '198.51.100.1', proxies)).toBe('192.0.2.1');
  });

  it('stops at a forwarded value that is not an address: the proxy that sent it is the client', () => {
    expect(client('10.0.0.1', 'unknown', ['1'])).toBe('10.0.0.1');
    expect(client('10.0.0.1', '198.51.100.1, <script>', ['2'])).toBe('10.0.0.1');
  });

  it('accepts a lone hop count or addresses and ranges, and nothing else', () => {
    for (const good of [[], ['1'], ['10'], ['10.0.0.1'], ['10.0.0.0/8', '::1', '2001:db8::/32'], ['0.0.0.0/0']])
      expect(proxyTrustProblem(good)).toBeUndefined();
    for (const bad of [
      ['0'],
      ['11'],
      ['1', '2'],
      ['1', '10.0.0.1'],
      ['10.0.0.256'],
      ['10.0.0.0/33'],
      ['::/129'],
      ['10.0.0.0/8/1'],
      ['10.0.0.0/'],
    ])
      expect(proxyTrustProblem(bad)).toEqual(expect.any(String));
  });
});
