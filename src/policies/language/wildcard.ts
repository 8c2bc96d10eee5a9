/**
 * `*` wildcards (any run of characters, the empty one too) without regular expressions: the
 * pattern is cut at its stars once, and matching walks the input left to right with indexOf,
 * so a pattern cannot make a decision slow.
 */

/** The literal pieces between the stars: `User:*` → `['User:', '']`. */
export function splitWildcards(pattern: string): string[] {
  return pattern.split('*');
}

/** Whether `input` matches the pattern cut into `segments` (the input's own `*` are plain characters). */
export function matchSegments(segments: readonly string[], input: string): boolean {
  const last = segments.length - 1;
  if (last === 0) return input === segments[0];
  const head = segments[0];
  const tail = segments[last];
  if (input.length < head.length + tail.length || !input.startsWith(head) || !input.endsWith(tail)) return false;
  let position = head.length;
  const end = input.length - tail.length;
  for (let i = 1; i < last; i++) {
    const found = input.indexOf(segments[i], position);
    if (found < 0 || found + segments[i].length > end) return false;
    position = found + segments[i].length;
  }
  return true;
}

/** A matcher for a pattern known at compile time, with the common shapes short-cut. */
export function compileWildcard(pattern: string): (input: string) => boolean {
  if (pattern === '*') return () => true;
  const segments = splitWildcards(pattern);
  if (segments.length === 1) return (input) => input === pattern;
  if (segments.length === 2 && segments[1] === '') return (input) => input.startsWith(segments[0]);
  return (input) => matchSegments(segments, input);
}

/**
 * Whether every string `inner` matches is also matched by `outer`. Sound, not complete: it
 * reads `inner` as a literal string, which `outer` can only match by covering each of inner's
 * stars with one of its own (outer's literal pieces contain no star).
 */
export function wildcardCovers(outer: string, inner: string): boolean {
  return matchSegments(splitWildcards(outer), inner);
}
