import { RE2JS } from 're2js';
import { between, compare, OPERATORS, SCALAR_TESTS, within } from './operators';
import type { Operator, ScalarOperator } from './operators';
import { parseTemplate, templateOperand, templateSegments } from './template';
import { toText } from './typecast';
import { matchSegments } from './wildcard';
import type { ConditionTest, LanguageOptions, Operand, PolicyContext, PolicyIssue } from './types';

/** One left/right pair of a group: its result, or null when its right side offers nothing to compare. */
type Comparison = (context: PolicyContext) => boolean | null;

/** Where compilation reports to: errors make the document invalid, `neverTrue` feeds the analyzer. */
export interface Sink {
  errors: PolicyIssue[];
  neverTrue: PolicyIssue[];
  options: LanguageOptions;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const resolve = (operand: Operand, context: PolicyContext) =>
  operand.kind === 'constant' ? operand.value : operand.resolve(context);

/**
 * AND or OR over results, AAM's way: the first result starts the chain, and a result of null
 * (nothing compared) leaves it as it is. Null when nothing was compared at all.
 */
function combine<T>(items: readonly T[], all: boolean, test: (item: T) => boolean | null): boolean | null {
  let result: boolean | null = null;
  for (const item of items) {
    const r = test(item);
    if (r === null) continue;
    if (r !== all) return r;
    result = r;
  }
  return result;
}

function readOperator(value: unknown, path: string, sink: Sink): boolean {
  if (typeof value === 'string' && /^(and|or)$/i.test(value)) return value.toUpperCase() === 'AND';
  sink.errors.push({ path, message: 'Operator must be "AND" or "OR"' });
  return true;
}

/**
 * Compiles a statement's or param's `Condition`: `{"<Operator>": {"<left>": <right>, ...}, ...}`.
 * Groups of different operators are ANDed (or ORed with `"Operator": "OR"` beside them); the
 * pairs inside one group are ORed (or ANDed with `"Operator": "AND"` inside it). Null for none.
 */
export function compileCondition(raw: unknown, path: string, sink: Sink): ConditionTest | null {
  if (raw === undefined) return null;
  if (!isObject(raw)) {
    sink.errors.push({ path, message: 'Condition must be an object of operators' });
    return null;
  }
  let all = true;
  const groups: ConditionTest[] = [];
  for (const [name, group] of Object.entries(raw)) {
    const groupPath = `${path}.${name}`;
    if (name === 'Operator') all = readOperator(group, groupPath, sink);
    else if (!(OPERATORS as readonly string[]).includes(name))
      sink.errors.push({ path: groupPath, message: `unknown operator '${name}' (${OPERATORS.join(', ')})` });
    else {
      const test = compileGroup(name as Operator, group, groupPath, sink);
      if (test) groups.push(test);
    }
  }
  if (groups.length === 0) return () => true;
  return (context) => combine(groups, all, (group) => group(context)) ?? true;
}

function compileGroup(operator: Operator, raw: unknown, path: string, sink: Sink): ConditionTest | null {
  if (!isObject(raw)) {
    sink.errors.push({ path, message: `${operator} must be an object of "<left>": <right> pairs` });
    return null;
  }
  let all = false;
  const comparisons: Comparison[] = [];
  const pairs = Object.entries(raw).filter(([left]) => left !== 'Operator');
  if (Object.hasOwn(raw, 'Operator')) all = readOperator(raw.Operator, `${path}.Operator`, sink);
  if (pairs.length === 0) sink.errors.push({ path, message: `${operator} compares nothing` });
  for (const [left, right] of pairs) {
    const pairPath = `${path}[${JSON.stringify(left)}]`;
    const leftOperand = compileValue(left, pairPath, sink);
    const comparison = compilePair(operator, right, pairPath, sink);
    if (leftOperand && comparison) comparisons.push((context) => comparison(resolve(leftOperand, context), context));
  }
  if (comparisons.length !== pairs.length || pairs.length === 0) return null;
  const negated = operator === 'NotIn' || operator === 'NotLike';
  return (context) => {
    const result = combine(comparisons, all, (comparison) => comparison(context)) ?? false;
    return negated ? !result : result;
  };
}

type PairTest = (left: unknown, context: PolicyContext) => boolean | null;

function compilePair(operator: Operator, raw: unknown, path: string, sink: Sink): PairTest | null {
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
      return compileRegex(raw, path, sink);
    default:
      return compileScalar(operator, raw, path, sink);
  }
}

/** A right side's list of alternatives: each is compared on its own, joined by the group's operator. */
function compileScalar(operator: ScalarOperator, raw: unknown, path: string, sink: Sink): PairTest | null {
  const operand = compileValue(raw, path, sink);
  if (!operand) return null;
  if (operand.kind === 'constant' && Array.isArray(operand.value) && operand.value.length === 0)
    sink.neverTrue.push({ path, message: `${operator} against an empty list` });
  const test = SCALAR_TESTS[operator];
  return (left, context) => {
    const right = resolve(operand, context);
    return Array.isArray(right) ? combine(right, false, (r) => test(left, r)) : test(left, right);
  };
}

function compileBetween(raw: unknown, path: string, sink: Sink): PairTest | null {
  const ranges = Array.isArray(raw) && Array.isArray(raw[0]) ? (raw as unknown[]) : [raw];
  const compiled: Array<[Operand, Operand]> = [];
  ranges.forEach((range, i) => {
    const rangePath = ranges.length > 1 || raw !== range ? `${path}[${i}]` : path;
    if (!Array.isArray(range) || range.length !== 2 || range.some((bound) => Array.isArray(bound))) {
      sink.errors.push({
        path: raw === range ? path : rangePath,
        message: 'Between needs [min, max] or a list of them',
      });
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
  if (operator === 'In' && operand.kind === 'constant' && Array.isArray(operand.value) && operand.value.length === 0)
    sink.neverTrue.push({ path, message: 'In an empty list' });
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

const REGEX_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * RE2 syntax (linear time: no backreferences or lookarounds, so no pattern can hang a decision),
 * compiled here, once. `/body/flags` (AAM's preg style, flags i, m, s) or a bare body.
 */
function compileRegex(raw: unknown, path: string, sink: Sink): PairTest | null {
  const patterns = patternsOf(raw, path, sink, 'RegEx');
  if (!patterns) return null;
  const compiled: RE2JS[] = [];
  for (const pattern of patterns) {
    if (pattern.includes('${')) {
      sink.errors.push({ path, message: `bad regex '${pattern}': a RegEx is compiled once and takes no markers` });
      continue;
    }
    const delimited = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
    const body = delimited ? delimited[1] : pattern;
    const flagNames = delimited ? [...delimited[2]] : [];
    const unknown = flagNames.filter((flag) => !Object.hasOwn(REGEX_FLAGS, flag));
    if (unknown.length) {
      sink.errors.push({ path, message: `bad regex '${pattern}': unknown flag '${unknown.join('')}' (i, m, s)` });
      continue;
    }
    try {
      compiled.push(
        RE2JS.compile(
          body,
          flagNames.reduce((flags, flag) => flags | REGEX_FLAGS[flag], 0),
        ),
      );
    } catch (error) {
      sink.errors.push({ path, message: `bad regex '${pattern}': ${(error as Error).message}` });
    }
  }
  if (compiled.length !== patterns.length) return null;
  return (left) => {
    const text = toText(left);
    return text !== null && compiled.some((regex) => regex.test(text));
  };
}

/** A JSON value of a condition or param: strings are templates, lists are compiled item by item. */
export function compileValue(raw: unknown, path: string, sink: Sink): Operand | null {
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return { kind: 'constant', value: raw };
  if (typeof raw === 'string') {
    const parsed = parseTemplate(raw, sink.options);
    if ('errors' in parsed) {
      for (const message of parsed.errors) sink.errors.push({ path, message });
      return null;
    }
    return templateOperand(parsed.template);
  }
  if (Array.isArray(raw)) {
    const items = raw.map((item, i) => compileValue(item, `${path}[${i}]`, sink));
    if (items.includes(null)) return null;
    const operands = items as Operand[];
    if (operands.every((item) => item.kind === 'constant'))
      return { kind: 'constant', value: operands.map((item) => item.value) };
    return { kind: 'dynamic', resolve: (context) => operands.map((item) => resolve(item, context)) };
  }
  sink.errors.push({ path, message: 'expected a string, number, boolean, null or a list of them' });
  return null;
}
