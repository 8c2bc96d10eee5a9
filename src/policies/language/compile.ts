import { ACTIONS } from '../../common/actions';
import type { Action } from '../../common/actions';
import { compileCondition } from './condition';
import { compileValue, isObject } from './value';
import type { Sink } from './value';
import { compileResource } from './resource-pattern';
import { compileWildcard } from './wildcard';
import type {
  CompiledParam,
  CompiledStatement,
  CompileResult,
  Effect,
  LanguageOptions,
  PolicyIssue,
  ResourcePattern,
} from './types';

const DOCUMENT_KEYS = ['Statement', 'Param'];
const STATEMENT_KEYS = ['Effect', 'Resource', 'Action', 'Condition', 'Enforce'];
const PARAM_KEYS = ['Key', 'Value', 'Condition', 'Enforce'];

/**
 * Validates and compiles a policy document in one pass. An invalid document yields every error
 * with its path; a valid one a matcher that decides without parsing or compiling anything.
 */
export function compilePolicy(document: unknown, options: LanguageOptions): CompileResult {
  const sink: Sink = { errors: [], neverTrue: [], options };
  if (!isObject(document)) return { ok: false, errors: [{ path: '', message: 'a policy document is an object' }] };
  unknownKeys(document, DOCUMENT_KEYS, '', sink);
  const statements = entries(document.Statement, 'Statement', sink).map(([raw, path], index) =>
    compileStatement(raw, path, index, sink),
  );
  const params = entries(document.Param, 'Param', sink).map(([raw, path], index) =>
    compileParam(raw, path, index, sink),
  );
  if (sink.errors.length) return { ok: false, errors: sink.errors };
  return {
    ok: true,
    policy: {
      statements: statements as CompiledStatement[],
      params: params as CompiledParam[],
      neverTrue: sink.neverTrue,
    },
  };
}

/** The errors of a document; empty when it is valid. */
export function validatePolicy(document: unknown, options: LanguageOptions): PolicyIssue[] {
  const result = compilePolicy(document, options);
  return result.ok ? [] : result.errors;
}

/** `Statement` and `Param` may each be one object or a list; missing means none. */
function entries(raw: unknown, name: string, sink: Sink): Array<[Record<string, unknown>, string]> {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const found: Array<[Record<string, unknown>, string]> = [];
  list.forEach((item, i) => {
    const path = Array.isArray(raw) ? `${name}[${i}]` : name;
    if (isObject(item)) found.push([item, path]);
    else sink.errors.push({ path, message: `a ${name} is an object` });
  });
  return found;
}

function unknownKeys(raw: Record<string, unknown>, known: readonly string[], path: string, sink: Sink): void {
  for (const key of Object.keys(raw))
    if (!known.includes(key))
      sink.errors.push({ path: path ? `${path}.${key}` : key, message: `unknown key '${key}' (${known.join(', ')})` });
}

function stringList(raw: unknown, path: string, sink: Sink): Array<[string, string]> {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) sink.errors.push({ path, message: 'must not be an empty list' });
  const found: Array<[string, string]> = [];
  list.forEach((item, i) => {
    const itemPath = Array.isArray(raw) ? `${path}[${i}]` : path;
    if (typeof item === 'string') found.push([item, itemPath]);
    else sink.errors.push({ path: itemPath, message: 'must be a string' });
  });
  return found;
}

function compileStatement(
  raw: Record<string, unknown>,
  path: string,
  index: number,
  sink: Sink,
): CompiledStatement | null {
  unknownKeys(raw, STATEMENT_KEYS, path, sink);
  const errorsBefore = sink.errors.length;
  const effect = readEffect(raw.Effect, `${path}.Effect`, sink);
  const enforce = readEnforce(raw.Enforce, `${path}.Enforce`, sink);
  const resources: ResourcePattern[] = [];
  const routes: ResourcePattern[] = [];
  const texts = raw.Resource === undefined ? [] : stringList(raw.Resource, `${path}.Resource`, sink);
  if (raw.Resource === undefined) sink.errors.push({ path: `${path}.Resource`, message: 'Resource is required' });
  for (const [text, itemPath] of texts) {
    const compiled = compileResource(text, sink.options);
    if ('errors' in compiled) for (const message of compiled.errors) sink.errors.push({ path: itemPath, message });
    else (compiled.pattern.type === 'Route' ? routes : resources).push(compiled.pattern);
  }
  const onlyRoutes = texts.length > 0 && texts.every(([text]) => text.startsWith('Route:'));
  const actions = readActions(raw.Action, `${path}.Action`, !onlyRoutes, sink);
  const condition = compileCondition(raw.Condition, `${path}.Condition`, sink);
  if (sink.errors.length > errorsBefore || !effect) return null;
  return { index, path, effect, enforce, resources, routes, ...actions, condition };
}

function readEffect(raw: unknown, path: string, sink: Sink): Effect | null {
  if (raw === 'allow' || raw === 'deny') return raw;
  sink.errors.push({ path, message: raw === undefined ? 'Effect is required' : 'Effect must be "allow" or "deny"' });
  return null;
}

function readEnforce(raw: unknown, path: string, sink: Sink): boolean {
  if (raw === undefined || typeof raw === 'boolean') return raw ?? false;
  sink.errors.push({ path, message: 'Enforce must be true or false' });
  return false;
}

/**
 * Actions from the typed catalogue; `*` and wildcards (`*Token`) expand here, once. Statements
 * on `Route:` resources alone take no Action: a route check asks about the route, not an action.
 */
function readActions(
  raw: unknown,
  path: string,
  needed: boolean,
  sink: Sink,
): Pick<CompiledStatement, 'actions' | 'namedActions' | 'anyAction'> {
  const actions = new Set<Action>();
  const namedActions: Action[] = [];
  let anyAction = false;
  if (raw === undefined) {
    if (needed) sink.errors.push({ path, message: 'Action is required for resources other than Route:' });
    return { actions, namedActions, anyAction };
  }
  if (!needed) sink.errors.push({ path, message: 'Route: resources take no Action' });
  for (const [text, itemPath] of stringList(raw, path, sink)) {
    if ((ACTIONS as readonly string[]).includes(text)) {
      actions.add(text as Action);
      namedActions.push(text as Action);
      continue;
    }
    const expanded = ACTIONS.filter(compileWildcard(text));
    if (expanded.length === 0)
      sink.errors.push({ path: itemPath, message: `unknown action '${text}' (${ACTIONS.join(', ')})` });
    for (const action of expanded) actions.add(action);
    if (text === '*') anyAction = true;
  }
  return { actions, namedActions, anyAction };
}

function compileParam(raw: Record<string, unknown>, path: string, index: number, sink: Sink): CompiledParam | null {
  unknownKeys(raw, PARAM_KEYS, path, sink);
  const errorsBefore = sink.errors.length;
  const key = raw.Key;
  if (typeof key !== 'string' || !sink.options.paramKeys.includes(key))
    sink.errors.push({
      path: `${path}.Key`,
      message: `Key must be one of the options a policy may set (${sink.options.paramKeys.join(', ')})`,
    });
  const value =
    raw.Value === undefined
      ? (sink.errors.push({ path: `${path}.Value`, message: 'Value is required' }), null)
      : compileValue(raw.Value, `${path}.Value`, sink);
  const enforce = readEnforce(raw.Enforce, `${path}.Enforce`, sink);
  const condition = compileCondition(raw.Condition, `${path}.Condition`, sink);
  if (sink.errors.length > errorsBefore || !value) return null;
  return { index, path, key: key as string, value, enforce, condition };
}
