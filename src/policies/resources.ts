import type { ResourceTemplate } from '../common/actions';
import { resolveKey } from '../config/catalogue';

/**
 * Fills `{param}` placeholders from route parameters: `User:{id}` → `User:42`. Config options are
 * named canonically, so an AAM alias in the path cannot dodge a rule written for the real name.
 */
export function resolveResource(template: ResourceTemplate, params: Record<string, string | undefined>): string {
  const resource = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  if (resource.startsWith('Config:'))
    return `Config:${resolveKey(resource.slice('Config:'.length)) ?? resource.slice('Config:'.length)}`;
  return resource;
}
