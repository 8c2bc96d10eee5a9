import { compileWildcard, matchSegments } from './wildcard';
import { hasMarkers, parseTemplate, templateSegments } from './template';
import type { LanguageOptions, ResourcePattern } from './types';

/** Resource types that name one thing (`User:42`) and the ones that are a single thing (`AuditLog`). */
export const ID_TYPES = ['User', 'Role', 'Policy', 'Token', 'Config'] as const;
export const SINGLE_TYPES = ['AuditLog', 'Metrics'] as const;
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;
const ALL_TYPES = [...ID_TYPES, ...SINGLE_TYPES, 'Route'];

/**
 * Compiles one `Resource` entry: `*`, `AuditLog`, `User:<id>`, `Route:<path>:<METHOD>` (the path
 * as the OpenAPI document writes it, `/api/v1/users/{id}`; `Route:*` is every route), with `*`
 * wildcards and markers.
 */
export function compileResource(
  text: string,
  options: LanguageOptions,
): { pattern: ResourcePattern } | { errors: string[] } {
  if (text === '*') return { pattern: { source: text, type: '*', matches: () => true } };
  if ((SINGLE_TYPES as readonly string[]).includes(text))
    return { pattern: { source: text, type: text, matches: (resource) => resource === text } };
  const colon = text.indexOf(':');
  const type = colon < 0 ? text : text.slice(0, colon);
  if (!ALL_TYPES.includes(type))
    return { errors: [`malformed resource '${text}': unknown type '${type}' (${ALL_TYPES.join(', ')}, or *)`] };
  if ((SINGLE_TYPES as readonly string[]).includes(type))
    return { errors: [`malformed resource '${text}': ${type} takes no id`] };
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (rest === '' || /\s/.test(rest))
    return { errors: [`malformed resource '${text}': ${type} needs an id or * after '${type}:'`] };
  if (type === 'Route') {
    const problem = routeProblem(rest);
    if (problem) return { errors: [`malformed resource '${text}': ${problem}`] };
  }
  const parsed = parseTemplate(text, options);
  if ('errors' in parsed) return { errors: parsed.errors.map((e) => `malformed resource '${text}': ${e}`) };
  if (!hasMarkers(parsed.template)) {
    const matches = compileWildcard(text);
    return { pattern: { source: text, type, matches: (resource) => matches(resource) } };
  }
  const segmentsFor = templateSegments(parsed.template);
  return {
    pattern: {
      source: text,
      type,
      matches: (resource, context) => {
        const segments = segmentsFor(context);
        return segments !== null && matchSegments(segments, resource);
      },
    },
  };
}

function routeProblem(rest: string): string | null {
  if (rest === '*') return null;
  const colon = rest.lastIndexOf(':');
  if (colon < 0) return 'a Route is Route:<path>:<METHOD>';
  const path = rest.slice(0, colon);
  const method = rest.slice(colon + 1);
  if (!path.startsWith('/') && !path.startsWith('*')) return `the route path '${path}' must start with / or *`;
  if (!(ROUTE_METHODS as readonly string[]).includes(method))
    return `unknown method '${method}' (${ROUTE_METHODS.join(', ')})`;
  return null;
}

/** The text a route check asks about: `Route:/api/v1/users/{id}:DELETE`. */
export const routeResource = (path: string, method: string) => `Route:${path}:${method.toUpperCase()}`;
