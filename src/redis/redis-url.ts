import type { ClusterNode, RedisOptions } from 'ioredis';

/** How to reach Redis, read from REDIS_URL: one server, a Sentinel group, or a Cluster. */
export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | { mode: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; options: RedisOptions }
  | { mode: 'cluster'; nodes: ClusterNode[]; options: RedisOptions };

const SCHEMES = ['redis:', 'rediss:', 'redis+sentinel:', 'redis+cluster:'];

function hosts(list: string, defaultPort: number): { host: string; port: number }[] {
  return list.split(',').map((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(entry.trim());
    if (!match) throw new Error(`REDIS_URL: '${entry}' is not host[:port]`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port: match[2] ? Number(match[2]) : defaultPort };
  });
}

/**
 * Parses REDIS_URL. ioredis understands only `redis://` and `rediss://` URLs itself; Sentinel and
 * Cluster are given as `redis+sentinel://[:password@]host:26379,host2:26379/<master name>[/<db>]`
 * and `redis+cluster://[:password@]host:6379,host2:6379`, the forms other clients use.
 * Errors name the URL's shape but never repeat it: it may carry a password.
 */
export function parseRedisUrl(value: string): RedisTarget {
  const scheme = SCHEMES.find((candidate) => value.startsWith(`${candidate}//`));
  if (!scheme) throw new Error('REDIS_URL must start with redis://, rediss://, redis+sentinel:// or redis+cluster://');
  if (scheme === 'redis:' || scheme === 'rediss:') {
    try {
      new URL(value);
    } catch {
      throw new Error('REDIS_URL is not a valid URL');
    }
    return { mode: 'standalone', url: value };
  }
  const rest = value.slice(scheme.length + 2);
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : '';
  const [hostList, ...path] = (at >= 0 ? rest.slice(at + 1) : rest).split('/');
  const [username, password] = credentials.includes(':') ? credentials.split(/:(.*)/s, 2) : [credentials, ''];
  const auth: RedisOptions = {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
  if (scheme === 'redis+cluster:') return { mode: 'cluster', nodes: hosts(hostList, 6379), options: auth };
  const name = path[0];
  if (!name) throw new Error('REDIS_URL: a redis+sentinel:// URL names the master after the hosts (/mymaster)');
  const db = path[1] === undefined || path[1] === '' ? undefined : Number(path[1]);
  if (db !== undefined && !Number.isInteger(db))
    throw new Error('REDIS_URL: the database after the master name is a number');
  return {
    mode: 'sentinel',
    sentinels: hosts(hostList, 26379),
    name,
    options: { ...auth, ...(db === undefined ? {} : { db }) },
  };
}
