/**
 * How deeply a request body may nest objects and arrays: `{"a": [1]}` is 2 levels. No route needs
 * more than a few; the limit is generous and keeps every recursive walk after it (class-transformer,
 * class-validator, JSON.stringify) far from the stack limit.
 */
export const MAX_BODY_DEPTH = 32;

/** How deeply a token's additional claims may nest, the claim set itself being level 1. */
export const MAX_CLAIMS_DEPTH = 16;

/**
 * The first top-level field in document order (or `''` when the value itself is the culprit)
 * under which `value` nests objects and arrays more than `limit` levels deep, or undefined when it
 * does not. Iterative with an explicit stack, and a branch is left as soon as it passes the limit,
 * so a value nested 100,000 levels costs `limit` steps on that branch, never a stack frame per level.
 */
export function fieldDeeperThan(value: unknown, limit: number): string | undefined {
  const stack: { node: unknown; depth: number; field: string }[] = [{ node: value, depth: 0, field: '' }];
  while (stack.length) {
    const { node, depth, field } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth === limit) return field;
    const entries = Array.isArray(node) ? [...node.entries()] : Object.entries(node);
    // Pushed last to first, so they are popped, and a field's branch is walked, in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ node: child, depth: depth + 1, field: depth === 0 ? String(key) : field });
    }
  }
  return undefined;
}

/** Whether `value` nests objects and arrays more than `limit` levels deep. */
export function isDeeperThan(value: unknown, limit: number): boolean {
  return fieldDeeperThan(value, limit) !== undefined;
}
