import { decode, safe } from 'ini';
import type { OptionKey } from './catalogue';
import { resolveKey, specOf } from './catalogue';
import { formatOptionValue, parseOptionValue } from './values';

export const REDACTED = '********';

export interface LineError {
  line: number;
  message: string;
}

export interface ParsedConfigPress {
  values: Map<OptionKey, unknown>;
  /** The line each option was set on. */
  lines: Map<OptionKey, number>;
  errors: LineError[];
}

const COMMENT_OR_BLANK = /^\s*([;#].*)?$/;
const SECTION = /^\s*\[([^\]]*)\]\s*$/;
const ASSIGNMENT = /^\s*([^=\s][^=]*?)\s*=/;

/** AAM's ConfigPress allows settings at top level or in one `[aam]` section. */
const ALLOWED_SECTIONS = new Set(['', 'aam']);

/**
 * Parses ConfigPress INI text. A line scan finds the structure, and what `ini` would silently
 * accept (a bare word becomes `true`), and gives every error its line; the `ini` package decodes
 * each assignment line on its own (quotes, escapes, inline comments), so scan and decoder can
 * never disagree about which value belongs to which line.
 */
export function parseConfigPress(text: string): ParsedConfigPress {
  const errors: LineError[] = [];
  const values = new Map<OptionKey, unknown>();
  const lines = new Map<OptionKey, number>();
  let section = '';

  text.split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    if (COMMENT_OR_BLANK.test(content)) return;
    const header = SECTION.exec(content);
    if (header) {
      section = header[1].trim();
      if (!ALLOWED_SECTIONS.has(section))
        errors.push({ line, message: `unknown section [${section}]; use [aam] or none` });
      return;
    }
    const assignment = ASSIGNMENT.exec(content);
    if (!assignment) {
      errors.push({ line, message: 'expected "option = value"' });
      return;
    }
    if (!ALLOWED_SECTIONS.has(section)) return;
    const name = assignment[1];
    const key = resolveKey(name);
    if (!key) {
      errors.push({ line, message: `unknown option ${name}` });
      return;
    }
    if (lines.has(key)) {
      errors.push({ line, message: `${key} is already set on line ${lines.get(key)}` });
      return;
    }
    lines.set(key, line);
    const raw = rawText((decode(content) as Record<string, unknown>)[name]);
    const parsed = parseOptionValue(key, raw);
    if (parsed.ok) values.set(key, parsed.value);
    else errors.push({ line, message: parsed.message });
  });
  return { values, lines, errors };
}

/** `ini` turns true/false/null into JS values; options want the text back to type it themselves. */
function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- ini yields only strings, booleans and null for a key
  return typeof value === 'string' ? value : String(value);
}

/** Writes values as ConfigPress text, secrets redacted. */
export function formatConfigPress(values: Iterable<[OptionKey, unknown]>): string {
  const lines = ['[aam]'];
  for (const [key, value] of values) {
    // safe() quotes values holding ; or # so that reading the text back returns them whole.
    lines.push(`${key} = ${specOf(key).secret ? REDACTED : safe(formatOptionValue(value))}`);
  }
  return lines.join('\n') + '\n';
}
