import { resolveKey } from '../config/catalogue';

/** Every action a route or service may require. A misspelled action does not compile. */
export const ACTIONS = [
  'List',
  'Read',
  'Create',
  'Edit',
  'Delete',
  'ChangePassword',
  'ChangeRole',
  'IssueToken',
  'ListTokens',
  'ViewToken',
  'RevokeToken',
  'Attach',
  'Introspect',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Resource templates: `{name}` is filled from the route's path parameters. */
export type ResourceTemplate =
  `User:${string}` | `Role:${string}` | `Policy:${string}` | `Token:${string}` | `Config:${string}` | 'AuditLog';

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
