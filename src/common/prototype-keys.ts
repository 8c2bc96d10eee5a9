/**
 * Keys that name a member every object inherits (`constructor`, `toString`, `__proto__`...) or a
 * prototype. class-transformer silently drops them while copying a body into its DTO, so a claim
 * named `constructor` would vanish without a word; and none is a sensible field or claim name.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The first prototype-ish key in `value`, in document order, and the top-level field it is under
 * (`''` when it is a top-level key itself), or undefined. Iterative, like the depth check that
 * runs before it: each entry is pushed last to first, so entries pop, and a field's branch is
 * walked, in the order the body wrote them.
 */
export function prototypeKeyIn(value: unknown): { field: string; key: string } | undefined {
  const stack: { node: unknown; under: string | undefined; key?: string | number }[] = [
    { node: value, under: undefined },
  ];
  while (stack.length) {
    const { node, under, key } = stack.pop()!;
    if (typeof key === 'string' && PROTOTYPE_KEYS.has(key)) return { field: under ?? '', key };
    if (node === null || typeof node !== 'object') continue;
    const field = key === undefined ? under : (under ?? String(key));
    const entries: [string | number, unknown][] = Array.isArray(node) ? [...node.entries()] : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ node: entries[i][1], under: field, key: entries[i][0] });
  }
  return undefined;
}
