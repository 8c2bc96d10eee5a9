import type { Action } from '../../common/actions';
import { wildcardCovers } from './wildcard';
import type { CompiledPolicy, CompiledStatement, PolicyIssue, ResourcePattern } from './types';

/** What a route (or a service's own check) asks: an action on a type of resource. */
export interface RouteDeclaration {
  action: Action;
  resourceType: string;
}

const MARKER = /\$\{[^}]*\}/g;

/**
 * Whether `outer` matches every resource `inner` matches. A marker can stand for any text, so it
 * counts as a `*` in `inner`. A pattern with markers covers only the very same pattern: its
 * marker text cannot match, as no valid pattern holds `${` but in a marker.
 */
function patternCovers(outer: ResourcePattern, inner: ResourcePattern): boolean {
  return outer.source === inner.source || wildcardCovers(outer.source, inner.source.replace(MARKER, '*'));
}

const coversAll = (outer: readonly ResourcePattern[], inner: readonly ResourcePattern[]) =>
  inner.every((p) => outer.some((q) => patternCovers(q, p)));

/** `later` matches whenever `statement` does: no condition, and at least its resources and actions. */
function covers(later: CompiledStatement, statement: CompiledStatement): boolean {
  return (
    later.condition === null &&
    coversAll(later.resources, statement.resources) &&
    coversAll(later.routes, statement.routes) &&
    [...statement.actions].every((action) => later.actions.has(action))
  );
}

/**
 * Why `other` always decides in `statement`'s place, or null. With the evaluator's precedence:
 * an enforced statement beats every non-enforced one and every enforced one after it; otherwise a
 * later statement beats an earlier one.
 */
function overrides(other: CompiledStatement, statement: CompiledStatement): string | null {
  if (statement.enforce) return other.enforce && other.index < statement.index ? 'is enforced and comes first' : null;
  if (other.enforce) return 'is enforced';
  return other.index > statement.index ? 'comes later' : null;
}

function shadowing(policy: CompiledPolicy): PolicyIssue[] {
  const warnings: PolicyIssue[] = [];
  for (const statement of policy.statements) {
    for (const other of policy.statements) {
      const why = other === statement ? null : overrides(other, statement);
      if (why === null || !covers(other, statement)) continue;
      const effect =
        other.effect === statement.effect ? 'the same effect, so this one is redundant' : `the opposite effect`;
      warnings.push({
        path: statement.path,
        message: `shadowed: ${other.path} matches wherever this does, ${why} and has ${effect}; this statement never decides`,
      });
      break;
    }
  }
  return warnings;
}

function unreachable(policy: CompiledPolicy, routes: readonly RouteDeclaration[]): PolicyIssue[] {
  const warnings: PolicyIssue[] = [];
  for (const statement of policy.statements) {
    if (statement.resources.some((r) => r.type === '*')) continue;
    const types = [...new Set(statement.resources.map((r) => r.type))];
    for (const action of statement.namedActions)
      if (!routes.some((route) => route.action === action && types.includes(route.resourceType)))
        warnings.push({
          path: `${statement.path}.Action`,
          message: `never matches ${action}: no route asks for ${action} on ${types.join(' or ')} resources`,
        });
  }
  return warnings;
}

function allowsEverything(policy: CompiledPolicy): PolicyIssue[] {
  return policy.statements
    .filter((s) => s.effect === 'allow' && s.anyAction && s.resources.some((r) => r.type === '*'))
    .map((s) => ({ path: s.path, message: 'allows every action on every resource' }));
}

/**
 * Warnings about a valid document: statements that never decide (shadowed by a later or an
 * enforced one that always matches where they do), actions no route of the resource types asks
 * for, an allow of everything, and conditions the compiler found can never hold.
 */
export function analyzePolicy(policy: CompiledPolicy, routes: readonly RouteDeclaration[]): PolicyIssue[] {
  return [
    ...allowsEverything(policy),
    ...shadowing(policy),
    ...unreachable(policy, routes),
    ...policy.neverTrue.map((issue) => ({ path: issue.path, message: `condition never holds: ${issue.message}` })),
  ];
}
