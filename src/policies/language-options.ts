import { Injectable } from '@nestjs/common';
import { ServerEnvironment } from '../common/environment';
import { CATALOGUE, OPTION_KEYS } from '../config/catalogue';
import type { OptionKey } from '../config/catalogue';
import type { LanguageOptions } from './language';

/** The config options a policy `Param` may set for the principals it applies to. */
export const PARAM_KEYS = [
  'service.jwt.registry_size',
  'service.jwt.expires_in',
  'service.jwt.access_expires_in',
  'service.rate_limit.token',
] as const satisfies readonly OptionKey[];
export type ParamKey = (typeof PARAM_KEYS)[number];

/** What this deployment lets documents name: Param keys, allow-listed ENV variables, non-secret CONFIG options. */
@Injectable()
export class PolicyLanguageOptions implements LanguageOptions {
  readonly paramKeys: readonly string[] = PARAM_KEYS;
  readonly envNames: readonly string[];
  readonly configKeys: readonly OptionKey[] = OPTION_KEYS.filter(
    (key) => !(CATALOGUE[key] as { secret?: boolean }).secret,
  );

  constructor(env: ServerEnvironment) {
    this.envNames = env.policyEnvNames;
  }
}
