import { compileDateFormat } from './datetime';
import type { LanguageOptions, PolicyContext, Resolver } from './types';

/**
 * Marker sources: `${SOURCE.path}` reads `path` from one part of the request's context. Each
 * source checks its path when the document is compiled, so a typo is a validation error rather
 * than a rule that silently never matches.
 */
export const MARKER_SOURCES = ['USER', 'JWT', 'DATETIME', 'HTTP_GET', 'HTTP_HEADER', 'ENV', 'CONFIG', 'PARAM'] as const;
export const USER_FIELDS = ['id', 'username', 'email', 'roles', 'ip', 'authenticated'] as const;

const NAME = /^[A-Za-z0-9_-]+$/;
const DOTTED = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

type Compiled = { resolve: Resolver } | { error: string };

/** A value read from a map, or null when it is missing (never an inherited property). */
function own(map: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  return map !== undefined && Object.hasOwn(map, name) ? (map[name] ?? null) : null;
}

export function compileMarker(source: string, path: string, options: LanguageOptions): Compiled {
  switch (source) {
    case 'USER':
      if (!(USER_FIELDS as readonly string[]).includes(path))
        return { error: `USER has no field '${path}' (${USER_FIELDS.join(', ')})` };
      return { resolve: (c) => own(c.user as unknown as Record<string, unknown> | undefined, path) };
    case 'JWT': {
      if (!DOTTED.test(path)) return { error: `'${path}' is not a claim name` };
      const steps = path.split('.');
      return { resolve: (c) => walk(c.jwt, steps) };
    }
    case 'DATETIME': {
      const format = compileDateFormat(path);
      return { resolve: (c) => format(c.now) };
    }
    case 'HTTP_GET':
      return named(path, (c) => own(c.query, path));
    case 'HTTP_HEADER': {
      const header = path.toLowerCase();
      return named(path, (c) => own(c.headers, header));
    }
    case 'PARAM':
      return named(path, (c) => own(c.params, path));
    case 'ENV':
      if (!options.envNames.includes(path))
        return { error: `ENV.${path} is not on the allow-list of readable variables` };
      return { resolve: (c) => own(c.env, path) };
    case 'CONFIG':
      if (!options.configKeys.includes(path)) return { error: `CONFIG.${path} is not a readable config option` };
      return { resolve: (c) => own(c.config, path) };
    default:
      return { error: `unknown marker source '${source}' (${MARKER_SOURCES.join(', ')})` };
  }
}

function named(path: string, resolve: Resolver): Compiled {
  return NAME.test(path) ? { resolve } : { error: `'${path}' is not a parameter or header name` };
}

function walk(root: PolicyContext['jwt'], steps: readonly string[]): unknown {
  let value: unknown = root;
  for (const step of steps) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return null;
    value = (value as Record<string, unknown>)[step];
  }
  return value ?? null;
}
