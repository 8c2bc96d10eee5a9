import { ACTIONS } from '../../common/actions';
import type { Action } from '../../common/actions';
import type { CompiledParam, CompiledPolicy, CompiledStatement } from './types';

/** Where a policy applies to the principal: to everyone, through one of its roles, or to it alone. */
export const ATTACHMENT_LEVELS = ['default', 'role', 'user'] as const;
export type AttachmentLevel = (typeof ATTACHMENT_LEVELS)[number];

/** One policy that applies to the principal, with where and in which order it was attached. */
export interface Candidate {
  policyId: string;
  level: AttachmentLevel;
  order: number;
  policy: CompiledPolicy;
}

export interface PlacedStatement extends CompiledStatement {
  policyId: string;
}

export interface PlacedParam extends CompiledParam {
  policyId: string;
}

/** A principal's candidates flattened into evaluation order, built once and cached by the caller. */
export interface EffectivePolicy {
  /** Every statement in evaluation order. */
  statements: readonly PlacedStatement[];
  /** The statements that name each action, in evaluation order. */
  byAction: ReadonlyMap<Action, readonly PlacedStatement[]>;
  /** The statements with `Route:` resources, in evaluation order. */
  routes: readonly PlacedStatement[];
  params: readonly PlacedParam[];
}

/** Default, then role, then user attachments; within a level by attachment order (a stable sort). */
export function buildEffectivePolicy(candidates: readonly Candidate[]): EffectivePolicy {
  const ordered = [...candidates].sort(
    (a, b) => ATTACHMENT_LEVELS.indexOf(a.level) - ATTACHMENT_LEVELS.indexOf(b.level) || a.order - b.order,
  );
  const statements = ordered.flatMap((c) => c.policy.statements.map((s) => ({ ...s, policyId: c.policyId })));
  const params = ordered.flatMap((c) => c.policy.params.map((p) => ({ ...p, policyId: c.policyId })));
  const byAction = new Map(
    ACTIONS.map((action) => [action, statements.filter((s) => s.resources.length > 0 && s.actions.has(action))]),
  );
  return { statements, byAction, routes: statements.filter((s) => s.routes.length > 0), params };
}
