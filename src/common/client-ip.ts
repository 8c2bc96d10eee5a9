import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { addressMatcher, isAddressOrRange } from './address-list';

/**
 * The client address: the one source for audit rows, `${USER.ip}`, sessions and the per-IP rate
 * limit. Fastify's own `trustProxy` is fixed at start-up and, once on, also believes
 * X-Forwarded-Host and -Proto from anyone; this reads `service.rate_limit.trust_proxy` on every
 * request instead, so the option changes at runtime, and X-Forwarded-For is read only from the
 * proxies it names.
 *
 * The option is a list: empty (off: the socket's peer is the client, X-Forwarded-For ignored);
 * one hop count `n` (the nearest n proxies are trusted, whoever they are); or addresses and CIDR
 * ranges of the trusted proxies. proxy-addr's walk: from the socket's peer towards the client
 * through X-Forwarded-For, right to left, the first address not trusted is the client.
 */
export type ProxyTrust = (address: string, hop: number) => boolean;

const MAX_HOPS = 10;
const NO_TRUST: ProxyTrust = () => false;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`, so one IPv4 range covers both. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** Why `items` is not a valid trust_proxy value, or undefined when it is. */
export function proxyTrustProblem(items: readonly string[]): string | undefined {
  if (items.some((item) => /^\d+$/.test(item))) {
    if (items.length > 1) return 'a hop count stands alone (give either a hop count or proxy addresses)';
    const hops = Number(items[0]);
    return hops >= 1 && hops <= MAX_HOPS ? undefined : `a hop count must be 1 to ${MAX_HOPS}`;
  }
  const bad = items.find((item) => !isAddressOrRange(item));
  return bad === undefined ? undefined : `'${bad}' is not an IP address or CIDR range (prefix 0-32 or 0-128)`;
}

/** The trust function of a valid trust_proxy value (see proxyTrustProblem). */
export function compileProxyTrust(items: readonly string[]): ProxyTrust {
  if (items.length === 0) return NO_TRUST;
  if (/^\d+$/.test(items[0])) {
    const hops = Number(items[0]);
    return (_address, hop) => hop < hops;
  }
  const trusted = addressMatcher(items);
  return (address) => trusted(address);
}

/**
 * The client of a request that reached this server from `peer`, with X-Forwarded-For as given.
 * A trusted proxy that forwarded something that is not an address is taken as the client itself:
 * nothing past it can be believed.
 */
export function resolveClientIp(
  peer: string,
  forwardedFor: string | readonly string[] | undefined,
  trust: ProxyTrust,
): string {
  let client = plain(peer);
  if (trust === NO_TRUST || forwardedFor === undefined) return client;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor as string))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .reverse();
  for (let hop = 0; hop < forwarded.length && trust(client, hop); hop++) {
    const next = plain(forwarded[hop]);
    if (isIP(next) === 0) return client;
    client = next;
  }
  return client;
}

const CLIENT_IP = Symbol('clientIp');
type WithClientIp = FastifyRequest & { [CLIENT_IP]?: string };

/**
 * Makes `clientIpOf` work on the requests of `fastify`: `trustedProxies` is read on each request
 * (the config caches it in process), compiled again only when it changes.
 */
export function installClientIp(fastify: FastifyInstance, trustedProxies: () => readonly string[]): void {
  let compiledFrom: readonly string[] | undefined;
  let trust: ProxyTrust = NO_TRUST;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const items = trustedProxies();
    if (items !== compiledFrom) {
      trust = compileProxyTrust(items);
      compiledFrom = items;
    }
    (request as WithClientIp)[CLIENT_IP] = resolveClientIp(
      request.socket.remoteAddress ?? request.ip,
      request.headers['x-forwarded-for'],
      trust,
    );
    done();
  });
}

/** The client address of a request (see installClientIp); the socket's peer where none was installed. */
export function clientIpOf(request: FastifyRequest): string {
  return (request as WithClientIp)[CLIENT_IP] ?? plain(request.ip);
}
