import type { OptionKey } from './catalogue';
import { CATALOGUE, OPTION_KEYS, envNameOf, specOf } from './catalogue';
import { parseOptionValue } from './values';

export type Source = 'default' | 'file' | 'env' | 'database';

export interface ResolvedOption {
  key: OptionKey;
  value: unknown;
  source: Source;
}

export interface Layers {
  file: Map<OptionKey, unknown>;
  env: Map<OptionKey, unknown>;
  database: Map<OptionKey, unknown>;
}

/** Later layers win: defaults < INI file < environment < runtime values in the database. */
export function resolveLayers(layers: Layers): Map<OptionKey, ResolvedOption> {
  const out = new Map<OptionKey, ResolvedOption>();
  for (const key of OPTION_KEYS) {
    let resolved: ResolvedOption = { key, value: CATALOGUE[key].default, source: 'default' };
    for (const source of ['file', 'env', 'database'] as const) {
      if (layers[source].has(key)) resolved = { key, value: layers[source].get(key), source };
    }
    out.set(key, resolved);
  }
  return out;
}

/**
 * Reads options from environment variables (SERVICE_JWT_EXPIRES_IN for service.jwt.expires_in).
 * A bad value is a start-up error: a server must not run on configuration it misread.
 */
export function readEnvironmentLayer(env: NodeJS.ProcessEnv): { values: Map<OptionKey, unknown>; errors: string[] } {
  const values = new Map<OptionKey, unknown>();
  const errors: string[] = [];
  for (const key of OPTION_KEYS) {
    const raw = env[envNameOf(key)];
    if (raw === undefined) continue;
    const parsed = parseOptionValue(key, raw);
    if (parsed.ok) values.set(key, parsed.value);
    else errors.push(`${envNameOf(key)}: ${parsed.message}`);
  }
  return { values, errors };
}

export function isSecret(key: OptionKey): boolean {
  return specOf(key).secret === true;
}
