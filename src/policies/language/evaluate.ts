import type { Action } from '../../common/actions';
import type { EffectivePolicy, PlacedStatement } from './effective';
import { winner } from './precedence';
import { routeResource } from './resource-pattern';
import type { Effect, PolicyContext, ResourcePattern } from './types';

export interface Decision {
  decision: Effect;
  /** The statement that decided, or null when none matched (default deny, or no route restriction). */
  matched: { policy_id: string; statement_index: number } | null;
  reason: string;
}

const holds = (statement: PlacedStatement, context: PolicyContext) =>
  statement.condition === null || statement.condition(context);

const anyMatches = (patterns: readonly ResourcePattern[], resource: string, context: PolicyContext) =>
  patterns.some((pattern) => pattern.matches(resource, context));

function decided(statement: PlacedStatement, what: string): Decision {
  const verb = statement.effect === 'allow' ? 'allowed' : 'denied';
  const enforced = statement.enforce ? ' (enforced)' : '';
  return {
    decision: statement.effect,
    matched: { policy_id: statement.policyId, statement_index: statement.index },
    reason: `${what} ${verb} by statement ${statement.index} of policy ${statement.policyId}${enforced}`,
  };
}

/** AAM semantics: default deny; of the matching statements the first enforced one, else the last one, decides. */
export function decide(effective: EffectivePolicy, action: Action, resource: string, context: PolicyContext): Decision {
  const candidates = effective.byAction.get(action) ?? [];
  const statement = winner(candidates, (s) => anyMatches(s.resources, resource, context) && holds(s, context));
  const what = `${action} on ${resource}`;
  if (statement) return decided(statement, what);
  return { decision: 'deny', matched: null, reason: `${what} denied by default: no statement matches` };
}

/** The batch form: which of `resources` the action is allowed on, in their order (a filtered listing). */
export function allowedResources(
  effective: EffectivePolicy,
  action: Action,
  resources: readonly string[],
  context: PolicyContext,
): string[] {
  return resources.filter((resource) => decide(effective, action, resource, context).decision === 'allow');
}

/**
 * A `Route:` check, separate from the route's own action check: it only restricts. The request
 * is refused only when the deciding Route statement is a deny; no Route statement, no restriction.
 */
export function checkRoute(effective: EffectivePolicy, path: string, method: string, context: PolicyContext): Decision {
  const resource = routeResource(path, method);
  const statement = winner(effective.routes, (s) => anyMatches(s.routes, resource, context) && holds(s, context));
  if (statement) return decided(statement, resource);
  return { decision: 'allow', matched: null, reason: `${resource} is not restricted: no Route statement matches` };
}
