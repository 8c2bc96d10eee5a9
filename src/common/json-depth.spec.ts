import { fieldDeeperThan, isDeeperThan, MAX_BODY_DEPTH } from './json-depth';

/** `levels` arrays inside each other around `inner`; 0 levels is `inner` itself. */
function nestedArrays(levels: number, inner: unknown = 'x'): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function nestedObjects(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { k: value };
  return value;
}

describe('fieldDeeperThan', () => {
  it.each<[string, unknown, number, string | undefined]>([
    ['a scalar', 'x', 0, undefined],
    ['null', null, 0, undefined],
    ['an empty object at limit 0', {}, 0, ''],
    ['an empty object at limit 1', {}, 1, undefined],
    ['a flat object at limit 1', { a: 1, b: 'x', c: null }, 1, undefined],
    ['an object holding an empty array at limit 1', { a: [] }, 1, 'a'],
    ['an object holding an empty array at limit 2', { a: [] }, 2, undefined],
    ['the deep field among shallow ones', { a: 1, b: [[1]], c: { d: 2 } }, 2, 'b'],
    ['an array body, by index', [1, [[2]]], 2, '1'],
    ['a deep value under a later field', { a: [1], z: { y: { x: {} } } }, 3, 'z'],
    ['the first of two deep fields, in document order', { a: 1, b: [[1]], c: 2, d: { e: {} } }, 2, 'b'],
    ['the first of two deep elements, in document order', [1, [[1]], 2, [[2]]], 2, '1'],
    ['the first deep field, though a later one nests deeper', { a: [[1]], b: [[[[1]]]] }, 2, 'a'],
  ])('%s', (_case, value, limit, field) => {
    expect(fieldDeeperThan(value, limit)).toBe(field);
  });

  it.each([1, 2, 16, MAX_BODY_DEPTH, 100])('accepts exactly %i levels and refuses one more', (limit) => {
    for (const nest of [nestedArrays, nestedObjects]) {
      expect(isDeeperThan(nest(limit), limit)).toBe(false);
      expect(isDeeperThan(nest(limit + 1), limit)).toBe(true);
      expect(isDeeperThan({ field: nest(limit - 1) }, limit)).toBe(false);
      expect(fieldDeeperThan({ ok: 1, field: nest(limit) }, limit)).toBe('field');
    }
  });

  it('refuses a value nested 100,000 levels without overflowing the stack', () => {
    // JSON.parse builds it iteratively; anything recursive over it would throw RangeError.
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(fieldDeeperThan({ username: deep }, MAX_BODY_DEPTH)).toBe('username');
  });

  it('walks a wide value completely', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => (i === 9_999 ? [[[1]]] : [1]));
    expect(fieldDeeperThan(wide, 3)).toBe('9999');
    expect(fieldDeeperThan(wide, 4)).toBeUndefined();
  });
});
