import { parseTemplate, templateOperand } from './template';
import type { LanguageOptions, Operand, PolicyContext, PolicyIssue } from './types';

/** Where compilation reports to: errors make the document invalid, `neverTrue` feeds the analyzer. */
export interface Sink {
  errors: PolicyIssue[];
  neverTrue: PolicyIssue[];
  options: LanguageOptions;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const resolve = (operand: Operand, context: PolicyContext) =>
  operand.kind === 'constant' ? operand.value : operand.resolve(context);

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
