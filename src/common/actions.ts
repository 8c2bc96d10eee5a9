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
  | `User:${string}`
  | `Role:${string}`
  | `Policy:${string}`
  | `Token:${string}`
  | `Config:${string}`
  | 'AuditLog'
  | 'Metrics';
