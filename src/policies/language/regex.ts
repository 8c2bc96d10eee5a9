import { RE2JS } from 're2js';

const FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * Compiles a `RegEx` pattern, once: `/body/flags` (AAM's preg style, flags i, m, s) or a bare
 * body, in RE2 syntax. RE2 matches in time linear in the input (it has no backreferences or
 * lookarounds), so no pattern can hang a decision. The error's text when it is not a pattern.
 */
export function compileRegex(pattern: string): RE2JS | string {
  if (pattern.includes('${')) return `bad regex '${pattern}': a RegEx is compiled once and takes no markers`;
  const delimited = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  const body = delimited ? delimited[1] : pattern;
  const flagNames = delimited ? [...delimited[2]] : [];
  const unknown = flagNames.filter((flag) => !Object.hasOwn(FLAGS, flag));
  if (unknown.length) return `bad regex '${pattern}': unknown flag '${unknown.join('')}' (i, m, s)`;
  try {
    return RE2JS.compile(
      body,
      flagNames.reduce((flags, flag) => flags | FLAGS[flag], 0),
    );
  } catch (error) {
    return `bad regex '${pattern}': ${(error as Error).message}`;
  }
}
