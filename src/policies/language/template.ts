import { compileMarker } from './markers';
import { applyTypecast, isTypecast, toText, TYPECASTS } from './typecast';
import type { Typecast } from './typecast';
import type { LanguageOptions, Operand, PolicyContext, Resolver } from './types';

/** Literal text, or a marker to resolve. */
type Part = string | Resolver;

interface Template {
  cast: Typecast | null;
  parts: readonly Part[];
}

const CAST = /^\(\*([A-Za-z]*)\)/;
const MARKER = /^\$\{([A-Z_]+)\.([^{}]+)\}/;

/**
 * Reads a string of a document: an optional typecast in front, then text with `${SOURCE.path}`
 * markers. Collects every problem instead of stopping at the first.
 */
export function parseTemplate(text: string, options: LanguageOptions): { template: Template } | { errors: string[] } {
  const errors: string[] = [];
  let cast: Typecast | null = null;
  let rest = text;
  const castMatch = CAST.exec(text);
  if (castMatch) {
    if (isTypecast(castMatch[1])) cast = castMatch[1];
    else errors.push(`unknown typecast '(*${castMatch[1]})' (${TYPECASTS.map((t) => `(*${t})`).join(', ')})`);
    rest = text.slice(castMatch[0].length);
  }
  const parts: Part[] = [];
  let literal = '';
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    if (start < 0) {
      literal += rest;
      break;
    }
    literal += rest.slice(0, start);
    rest = rest.slice(start);
    const marker = MARKER.exec(rest);
    if (!marker) {
      const end = rest.indexOf('}');
      errors.push(`malformed marker '${end < 0 ? rest : rest.slice(0, end + 1)}' (write \${SOURCE.path})`);
      rest = end < 0 ? '' : rest.slice(end + 1);
      continue;
    }
    const compiled = compileMarker(marker[1], marker[2], options);
    if ('error' in compiled) errors.push(compiled.error);
    else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(compiled.resolve);
    }
    rest = rest.slice(marker[0].length);
  }
  if (literal) parts.push(literal);
  return errors.length ? { errors } : { template: { cast, parts } };
}

export const hasMarkers = (template: Template) => template.parts.some((part) => typeof part !== 'string');

/**
 * The template as a value. A lone marker keeps its type (`${USER.roles}` is a list); markers
 * inside text are written as text, and if any of them cannot be resolved the whole value is
 * null, so `User:${JWT.missing}` names no user at all rather than `User:`.
 */
export function templateOperand(template: Template): Operand {
  const { cast, parts } = template;
  const finish = (value: unknown) => (cast ? applyTypecast(cast, value) : value);
  if (!hasMarkers(template)) return { kind: 'constant', value: finish(parts.join('')) };
  if (parts.length === 1) {
    const only = parts[0] as Resolver;
    return { kind: 'dynamic', resolve: (c) => finish(only(c) ?? null) };
  }
  return { kind: 'dynamic', resolve: (c) => finish(interpolate(parts, c)) };
}

function interpolate(parts: readonly Part[], context: PolicyContext): string | null {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else {
      const text = toText(part(context));
      if (text === null) return null;
      out += text;
    }
  }
  return out;
}

/**
 * The template as a `*` pattern cut into literal segments (see wildcard.ts). Only stars written
 * in the document are wildcards: a marker's value is matched as it is, so a username of `*`
 * cannot widen `User:${USER.username}`. Null when a marker cannot be resolved.
 */
export function templateSegments(template: Template): (context: PolicyContext) => string[] | null {
  const { parts } = template;
  return (context) => {
    const segments = [''];
    for (const part of parts) {
      if (typeof part === 'string') {
        const pieces = part.split('*');
        segments[segments.length - 1] += pieces[0];
        for (let i = 1; i < pieces.length; i++) segments.push(pieces[i]);
      } else {
        const text = toText(part(context));
        if (text === null) return null;
        segments[segments.length - 1] += text;
      }
    }
    return segments;
  };
}
