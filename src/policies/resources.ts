import type { ResourceTemplate } from '../common/actions';
import { resolveKey } from '../config/catalogue';

/**
 * Fills `{param}` placeholders from route parameters: `User:{id}` → `User:42`. A placeholder the
 * route does not have is a mistake in its declaration, refused loudly rather than checked as
 * `User:`. Config options are named canonically, so an AAM alias in the path cannot dodge a rule
 * written for the real name.
 */
export function resolveResource(template: ResourceTemplate, params: Record<string, string | undefined>): string {
  const resource = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`the route declares {${name}} but has no such parameter`);
    return value;
  });
  if (resource.startsWith('Config:'))
    return `Config:${resolveKey(resource.slice('Config:'.length)) ?? resource.slice('Config:'.length)}`;
  return resource;
}
