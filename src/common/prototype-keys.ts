/**
 * Keys that name a member every object inherits (`constructor`, `toString`, `__proto__`...) or a
 * prototype. class-transformer silently drops them while copying a body into its DTO, so a claim
 * named `constructor` would vanish without a word; and none is a sensible field or claim name.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The first prototype-ish key in `value` and the top-level field it is under (`''` when it is a
 * top-level key itself), or undefined. Iterative, like the depth check that runs before it.
 */
export function prototypeKeyIn(value: unknown): { field: string; key: string } | undefined {
  const stack: { node: unknown; field: string | undefined }[] = [{ node: value, field: undefined }];
  while (stack.length) {
    const { node, field } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
      if (typeof key === 'string' && PROTOTYPE_KEYS.has(key)) return { field: field ?? '', key };
      stack.push({ node: child, field: field ?? String(key) });
    }
  }
  return undefined;
}
