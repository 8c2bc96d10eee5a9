/** A lone surrogate: a UTF-16 half with no partner (`"\ud800"` in JSON), which no text can hold. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first top-level field (`''` for the value itself), in document order, under which `value`
 * holds a string, or an object key, that is not well-formed UTF-16, or undefined when all are.
 * Such a string throws in `encodeURIComponent` (class-validator's `isEmail`), cannot be stored as
 * UTF-8 and cannot be signed into a token. Iterative, like the depth check that runs before it;
 * entries are pushed last to first, so they are walked in the order the body wrote them.
 */
export function fieldWithMalformedText(value: unknown): string | undefined {
  const stack: { node: unknown; under: string | undefined; key?: string | number }[] = [
    { node: value, under: undefined },
  ];
  while (stack.length) {
    const { node, under, key } = stack.pop()!;
    const name = key === undefined ? under : (under ?? String(key));
    if (typeof key === 'string' && LONE_SURROGATE.test(key)) return name;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return name ?? '';
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(node) ? [...node.entries()] : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ node: entries[i][1], under: name, key: entries[i][0] });
  }
  return undefined;
}
