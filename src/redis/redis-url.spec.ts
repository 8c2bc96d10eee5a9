import { parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('hands redis:// and rediss:// URLs to ioredis as they are', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6379/2' });
    expect(parseRedisUrl('rediss://:pw@cache.example.com')).toEqual({
      mode: 'standalone',
      url: 'rediss://:pw@cache.example.com',
    });
  });

  it('reads a Sentinel group: hosts, default port 26379, master name, database and password', () => {
    expect(parseRedisUrl('redis+sentinel://:s%40cret@10.0.0.1,10.0.0.2:26380/mymaster/3')).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      options: { password: 's@cret', db: 3 },
    });
  });

  it('reads Cluster seed nodes, IPv6 in brackets, default port 6379', () => {
    expect(parseRedisUrl('redis+cluster://user:pw@[::1]:7000,node2')).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '::1', port: 7000 },
        { host: 'node2', port: 6379 },
      ],
      options: { username: 'user', password: 'pw' },
    });
  });

  it.each([
    ['http://127.0.0.1:6379', /must start with/],
    ['redis+sentinel://10.0.0.1', /names the master/],
    ['redis+sentinel://10.0.0.1/mymaster/x', /database .* number/],
    ['redis+cluster://a:b:c', /not host\[:port\]/],
    ['redis://exa mple', /not a valid URL/],
  ])('refuses %s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('never repeats the URL, which may hold a password, in its errors', () => {
    expect(() => parseRedisUrl('redis+sentinel://:hunter2@h/m/x')).toThrow(
      expect.not.stringContaining('hunter2') as never,
    );
  });
});
