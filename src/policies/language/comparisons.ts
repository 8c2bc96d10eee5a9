import type { RE2JS } from 're2js';
import { between, combine, compare, SCALAR_TESTS, within } from './operators';
import type { Operator, ScalarOperator } from './operators';
import { compileRegex } from './regex';
import { parseTemplate, templateSegments } from './template';
import { toText } from './typecast';
import { compileValue, resolve } from './value';
import type { Sink } from './value';
import { matchSegments } from './wildcard';
import type { Operand, PolicyContext } from './types';

/** One `"<left>": <right>` pair, its right side compiled: the result for a left value, or null when there was nothing to compare. */
export type PairTest = (left: unknown, context: PolicyContext) => boolean | null;

/** Compiles a pair's right side the way its operator reads it. */
export function compilePair(operator: Operator, raw: unknown, path: string, sink: Sink): PairTest | null {
  switch (operator) {
    case 'Between':
      return compileBetween(raw, path, sink);
    case 'In':
    case 'NotIn':
      return compileIn(operator, raw, path, sink);
    case 'Like':
    case 'NotLike':
      return compileLike(raw, path, sink);
    case 'RegEx':
      return compileRegexes(raw, path, sink);
    default:
      return compileScalar(operator, raw, path, sink);
  }
}

const isEmptyList = (operand: Operand) =>
  operand.kind === 'constant' && Array.isArray(operand.value) && operand.value.length === 0;

/** A list on the right is a list of alternatives: any one of them will do. */
function compileScalar(operator: ScalarOperator, raw: unknown, path: string, sink: Sink): PairTest | null {
  const operand = compileValue(raw, path, sink);
  if (!operand) return null;
  if (isEmptyList(operand)) sink.neverTrue.push({ path, message: `${operator} against an empty list` });
  const test = SCALAR_TESTS[operator];
  return (left, context) => {
    const right = resolve(operand, context);
    return Array.isArray(right) ? combine(right, false, (r) => test(left, r)) : test(left, right);
  };
}

/** `[min, max]`, or a list of ranges of which any will do. */
function compileBetween(raw: unknown, path: string, sink: Sink): PairTest | null {
  const several = Array.isArray(raw) && Array.isArray(raw[0]);
  const ranges = several ? (raw as unknown[]) : [raw];
  const compiled: Array<[Operand, Operand]> = [];
  ranges.forEach((range, i) => {
    const rangePath = several ? `${path}[${i}]` : path;
    if (!Array.isArray(range) || range.length !== 2 || range.some((bound) => Array.isArray(bound))) {
      sink.errors.push({ path: rangePath, message: 'Between needs [min, max] or a list of them' });
      return;
    }
    const min = compileValue(range[0], `${rangePath}[0]`, sink);
    const max = compileValue(range[1], `${rangePath}[1]`, sink);
    if (min && max) compiled.push([min, max]);
  });
  if (compiled.length !== ranges.length) return null;
  const empty = ([min, max]: [Operand, Operand]) =>
    min.kind === 'constant' && max.kind === 'constant' && (compare(min.value, max.value) ?? 0) > 0;
  if (compiled.every(empty)) sink.neverTrue.push({ path, message: 'Between with min greater than max in every range' });
  return (left, context) =>
    combine(compiled, false, ([min, max]) => between(left, resolve(min, context), resolve(max, context)));
}

function compileIn(operator: Operator, raw: unknown, path: string, sink: Sink): PairTest | null {
  if (!Array.isArray(raw) && typeof raw !== 'string') {
    sink.errors.push({ path, message: `${operator} needs a list, or a marker that holds one` });
    return null;
  }
  const operand = compileValue(raw, path, sink);
  if (!operand) return null;
  if (operator === 'In' && isEmptyList(operand)) sink.neverTrue.push({ path, message: 'In an empty list' });
  return (left, context) => within(left, resolve(operand, context));
}

function patternsOf(raw: unknown, path: string, sink: Sink, what: string): string[] | null {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.some((item) => typeof item !== 'string')) {
    sink.errors.push({ path, message: `${what} needs a pattern string or a list of them` });
    return null;
  }
  return list as string[];
}

/** `*` patterns; markers in a pattern are matched literally (see templateSegments). */
function compileLike(raw: unknown, path: string, sink: Sink): PairTest | null {
  const patterns = patternsOf(raw, path, sink, 'Like');
  if (!patterns) return null;
  const compiled = patterns.map((pattern) => {
    const parsed = parseTemplate(pattern, sink.options);
    if ('errors' in parsed) {
      for (const message of parsed.errors) sink.errors.push({ path, message });
      return null;
    }
    return templateSegments(parsed.template);
  });
  if (compiled.includes(null)) return null;
  const segmentsFor = compiled as Array<(context: PolicyContext) => string[] | null>;
  return (left, context) => {
    const text = toText(left);
    return combine(segmentsFor, false, (segments) => {
      const resolved = segments(context);
      return text !== null && resolved !== null && matchSegments(resolved, text);
    });
  };
}

function compileRegexes(raw: unknown, path: string, sink: Sink): PairTest | null {
  const patterns = patternsOf(raw, path, sink, 'RegEx');
  if (!patterns) return null;
  const compiled: RE2JS[] = [];
  for (const pattern of patterns) {
    const regex = compileRegex(pattern);
    if (typeof regex === 'string') sink.errors.push({ path, message: regex });
    else compiled.push(regex);
  }
  if (compiled.length !== patterns.length) return null;
  return (left) => {
    const text = toText(left);
    return text !== null && compiled.some((regex) => regex.test(text));
  };
}
