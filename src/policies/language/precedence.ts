/**
 * AAM's precedence, shared by statements and params: of the items that match, in evaluation
 * order, the first enforced one wins (nothing after it may override it); otherwise the last one.
 */
export function winner<T extends { enforce: boolean }>(items: readonly T[], matches: (item: T) => boolean): T | null {
  let last: T | null = null;
  for (const item of items) {
    if (!matches(item)) continue;
    if (item.enforce) return item;
    last = item;
  }
  return last;
}
