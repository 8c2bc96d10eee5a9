import { IpAddress } from './cidr';

/**
 * `(*int)`, `(*float)`, ... in front of a value convert it after its markers are resolved. A
 * missing value (null) stays null under every cast, so an absent claim never turns into 0 or false.
 */
export const TYPECASTS = ['int', 'float', 'bool', 'string', 'ip', 'date', 'array', 'null'] as const;
export type Typecast = (typeof TYPECASTS)[number];

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
// A date-time without a zone is read as UTC, not as the server's local time.
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function isTypecast(name: string): name is Typecast {
  return (TYPECASTS as readonly string[]).includes(name);
}

export function applyTypecast(cast: Typecast, value: unknown): unknown {
  if (value === null || value === undefined || cast === 'null') return null;
  switch (cast) {
    case 'int': {
      const n = toNumber(value);
      return n === null ? null : Math.trunc(n);
    }
    case 'float':
      return toNumber(value);
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
    case 'string':
      return toText(value);
    case 'ip':
      return value instanceof IpAddress ? value : typeof value === 'string' ? IpAddress.parse(value.trim()) : null;
    case 'date':
      return toDate(value);
    case 'array':
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return value === '' ? [] : value.split(',').map((item) => item.trim());
      return [value];
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Milliseconds since the epoch; a number is read as epoch seconds, the unit of JWT's `iat` and `exp`. */
function toDate(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : null;
  if (typeof value !== 'string') return null;
  const text = ZONELESS.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The text of a value inside a string (`User:${USER.id}`), or null for one that has none. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof IpAddress) return value.address;
  if (Array.isArray(value)) {
    const items = value.map(toText);
    return items.includes(null) ? null : items.join(',');
  }
  return null;
}
