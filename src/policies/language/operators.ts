import { IpAddress, inNetwork } from './cidr';

/** The twelve condition operators, in AAM's spelling. */
export const OPERATORS = [
  'Between',
  'Equals',
  'NotEquals',
  'Greater',
  'Less',
  'GreaterOrEquals',
  'LessOrEquals',
  'In',
  'NotIn',
  'Like',
  'NotLike',
  'RegEx',
] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * Equality after typecasts. With `(*ip)` on either side the other side is a network (`10.0.0.0/8`)
 * or an address, and equality is membership.
 */
export function same(left: unknown, right: unknown): boolean {
  if (left instanceof IpAddress) return ipEquals(left, right);
  if (right instanceof IpAddress) return ipEquals(right, left);
  return left === right;
}

function ipEquals(ip: IpAddress, other: unknown): boolean {
  if (other instanceof IpAddress) return inNetwork(ip, other.address);
  return typeof other === 'string' && inNetwork(ip, other);
}

/** Numbers with numbers and strings with strings; anything else is not ordered, so every comparison is false. */
export function compare(left: unknown, right: unknown): number | null {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return null;
}

const ordered = (test: (difference: number) => boolean) => (left: unknown, right: unknown) => {
  const difference = compare(left, right);
  return difference !== null && test(difference);
};

/** One left value against one right alternative. */
export const SCALAR_TESTS = {
  Equals: same,
  NotEquals: (left: unknown, right: unknown) => !same(left, right),
  Greater: ordered((d) => d > 0),
  Less: ordered((d) => d < 0),
  GreaterOrEquals: ordered((d) => d >= 0),
  LessOrEquals: ordered((d) => d <= 0),
} as const;
export type ScalarOperator = keyof typeof SCALAR_TESTS;

export function between(value: unknown, min: unknown, max: unknown): boolean {
  const low = compare(value, min);
  const high = compare(value, max);
  return low !== null && high !== null && low >= 0 && high <= 0;
}

/** A value in a list; a list on the left must lie wholly in the right one (AAM's subset rule). */
export function within(left: unknown, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  if (Array.isArray(left)) return left.every((item) => list.some((member) => same(item, member)));
  return list.some((member) => same(left, member));
}

/**
 * AND or OR over results, AAM's way: the first result starts the chain, and a result of null
 * (nothing compared) leaves it as it is. Null when nothing was compared at all.
 */
export function combine<T>(items: readonly T[], all: boolean, test: (item: T) => boolean | null): boolean | null {
  let result: boolean | null = null;
  for (const item of items) {
    const r = test(item);
    if (r === null) continue;
    if (r !== all) return r;
    result = r;
  }
  return result;
}
