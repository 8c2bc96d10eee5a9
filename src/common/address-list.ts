import { BlockList, isIP } from 'node:net';

/** `203.0.113.7`, `10.0.0.0/8`, `::1`, `fd00::/8`: an address, or a range in CIDR notation. */
export function isAddressOrRange(item: string): boolean {
  const [address, prefix, ...rest] = item.split('/');
  if (rest.length > 0 || address.includes('%')) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

type AddressMatcher = (address: string | undefined) => boolean;

const compiled = new WeakMap<readonly string[], AddressMatcher>();

/**
 * Whether an address is one of `items` or inside one of their ranges; IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`, a dual-stack listener) matches IPv4 entries (BlockList does that).
 */
export function addressMatcher(items: readonly string[]): AddressMatcher {
  const list = compile(items);
  return (address) => {
    const version = address ? isIP(address) : 0;
    return version !== 0 && list.check(address!, version === 4 ? 'ipv4' : 'ipv6');
  };
}

function compile(items: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of items) {
    // The option's validation admits only isAddressOrRange items; anything else matches nothing.
    if (!isAddressOrRange(item)) continue;
    const [address, prefix] = item.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * Whether `address` (a request's client address) is one of `items` or inside one of their
 * ranges. An IPv4 client seen as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, a dual-stack listener)
 * matches its IPv4 entries. The compiled list is kept per array, so an unchanged option costs a
 * lookup.
 */
export function addressInList(address: string | undefined, items: readonly string[]): boolean {
  if (items.length === 0) return false;
  let matches = compiled.get(items);
  if (!matches) {
    matches = addressMatcher(items);
    compiled.set(items, matches);
  }
  return matches(address);
}
