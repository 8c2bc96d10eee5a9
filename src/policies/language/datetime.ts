/**
 * `${DATETIME.<format>}`: the request's time in UTC, written with PHP's `date()` letters as AAM
 * does (`${DATETIME.Y-m-d}` → `2026-12-02`, `${DATETIME.H}` → `09`). Any other character is
 * copied as it is. The result is a string; compare numbers with `(*int)${DATETIME.H}`.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

const LETTERS: Readonly<Record<string, (d: Date) => string>> = {
  Y: (d) => `${d.getUTCFullYear()}`,
  m: (d) => two(d.getUTCMonth() + 1),
  n: (d) => `${d.getUTCMonth() + 1}`,
  d: (d) => two(d.getUTCDate()),
  j: (d) => `${d.getUTCDate()}`,
  H: (d) => two(d.getUTCHours()),
  G: (d) => `${d.getUTCHours()}`,
  i: (d) => two(d.getUTCMinutes()),
  s: (d) => two(d.getUTCSeconds()),
  D: (d) => DAYS[d.getUTCDay()],
  N: (d) => `${d.getUTCDay() === 0 ? 7 : d.getUTCDay()}`,
  U: (d) => `${Math.floor(d.getTime() / 1000)}`,
};

/** The letters a format may use, for the documentation and the validator's messages. */
export const DATETIME_LETTERS = Object.keys(LETTERS);

/** Compiles a format once; the result formats a request's `now`. */
export function compileDateFormat(format: string): (now: Date) => string {
  const parts = [...format].map((c) => LETTERS[c] ?? (() => c));
  if (parts.length === 1) return parts[0];
  return (now) => {
    let out = '';
    for (const part of parts) out += part(now);
    return out;
  };
}
