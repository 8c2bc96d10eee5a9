/** A lone surrogate: a UTF-16 half with no partner (`"\ud800"` in JSON), which no text can hold. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first top-level field (`''` for the value itself) under which `value` holds a string, or an
 * object key, that is not well-formed UTF-16, or undefined when all are. Such a string throws in
 * `encodeURIComponent` (class-validator's `isEmail`), cannot be stored as UTF-8 and cannot be
 * signed into a token. Iterative, like the depth check that runs before it.
 */
export function fieldWithMalformedText(value: unknown): string | undefined {
  const stack: { node: unknown; field: string | undefined }[] = [{ node: value, field: undefined }];
  while (stack.length) {
    const { node, field } = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return field ?? '';
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
      const name = field ?? String(key);
      if (typeof key === 'string' && LONE_SURROGATE.test(key)) return name;
      stack.push({ node: child, field: name });
    }
  }
  return undefined;
}
