import { BlockList, isIP } from 'node:net';

/** An address from the `(*ip)` typecast, compared by network membership rather than as text. */
export class IpAddress {
  constructor(
    readonly address: string,
    readonly family: 'ipv4' | 'ipv6',
  ) {}

  static parse(value: string): IpAddress | null {
    const version = isIP(value);
    return version === 0 ? null : new IpAddress(value, version === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Networks by their written form, so a policy's literal CIDR is parsed once per process. */
const networks = new Map<string, BlockList | null>();
const MAX_CACHED = 10_000;

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; null when it is neither. */
export function parseNetwork(text: string): BlockList | null {
  const cached = networks.get(text);
  if (cached !== undefined) return cached;
  const network = buildNetwork(text);
  if (networks.size < MAX_CACHED) networks.set(text, network);
  return network;
}

function buildNetwork(text: string): BlockList | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  if (slash >= 0 && !/^\d{1,3}$/.test(text.slice(slash + 1))) return null;
  const prefix = slash < 0 ? bits : Number(text.slice(slash + 1));
  if (prefix > bits) return null;
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return list;
}

/**
 * Whether the address lies in the network. BlockList also matches an IPv4-mapped IPv6 address
 * (`::ffff:10.1.2.3`) against an IPv4 network, which is how a dual-stack socket reports IPv4 peers.
 */
export function inNetwork(ip: IpAddress, network: string): boolean {
  const list = parseNetwork(network);
  return list !== null && list.check(ip.address, ip.family);
}
