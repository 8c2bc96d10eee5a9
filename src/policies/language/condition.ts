import { compilePair } from './comparisons';
import { combine, OPERATORS } from './operators';
import type { Operator } from './operators';
import { compileValue, isObject, resolve } from './value';
import type { Sink } from './value';
import type { ConditionTest, PolicyContext } from './types';

type Comparison = (context: PolicyContext) => boolean | null;

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

/** One operator's pairs; `NotIn` and `NotLike` negate the whole group, as AAM does. */
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
