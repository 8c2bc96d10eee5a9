import type { EffectivePolicy } from './effective';
import { winner } from './precedence';
import type { PolicyContext } from './types';

export interface ParamValue {
  value: unknown;
  matched: { policy_id: string; param_index: number };
}

/**
 * The value a principal's policies give a config option, with the statements' precedence, or
 * undefined when no Param sets it (the config's own value applies). Markers in the value resolve
 * against the request; one that cannot be resolved gives null.
 */
export function resolveParam(effective: EffectivePolicy, key: string, context: PolicyContext): ParamValue | undefined {
  const param = winner(effective.params, (p) => p.key === key && (p.condition === null || p.condition(context)));
  if (!param) return undefined;
  const value = param.value.kind === 'constant' ? param.value.value : param.value.resolve(context);
  return { value, matched: { policy_id: param.policyId, param_index: param.index } };
}
