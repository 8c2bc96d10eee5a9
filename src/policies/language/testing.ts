import { compilePolicy } from './compile';
import { buildEffectivePolicy } from './effective';
import { decide } from './evaluate';
import type { AttachmentLevel, EffectivePolicy } from './effective';
import type { CompiledPolicy, LanguageOptions, PolicyContext } from './types';

/** Test helpers of the policy language specs (not used by the server). */
export const OPTIONS: LanguageOptions = {
  paramKeys: ['service.jwt.registry_size', 'service.jwt.expires_in', 'service.jwt.access_expires_in'],
  envNames: ['APP_REGION'],
  configKeys: ['service.jwt.registry_size'],
};

/** Compiles a document the test knows to be valid, failing loudly with its errors if it is not. */
export function compiled(document: unknown): CompiledPolicy {
  const result = compilePolicy(document, OPTIONS);
  if (!result.ok) throw new Error(`invalid test document: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

export interface Attached {
  id?: string;
  level?: AttachmentLevel;
  order?: number;
  document: unknown;
}

/** The effective policy of attachments, named `p0`, `p1`, ... in order, at user level by default. */
export function effectiveOf(...attached: Attached[]): EffectivePolicy {
  return buildEffectivePolicy(
    attached.map((a, i) => ({
      policyId: a.id ?? `p${i}`,
      level: a.level ?? 'user',
      order: a.order ?? i,
      policy: compiled(a.document),
    })),
  );
}

/** A context for user u1 (jane, role editor, 10.1.2.3, a session token) at 2026-12-02 09:30 UTC. */
export function context(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    user: {
      id: 'u1',
      username: 'jane',
      email: 'jane@example.com',
      roles: ['editor'],
      ip: '10.1.2.3',
      authenticated: true,
    },
    jwt: { sub: 'u1', token_use: 'access', dept: 'security', level: 3, iat: 1_700_000_000 },
    query: {},
    headers: {},
    params: {},
    env: {},
    config: {},
    now: new Date('2026-12-02T09:30:00Z'),
    ...overrides,
  };
}

/** Whether an allow statement with this condition lets u1 read itself. */
export function conditionHolds(condition: unknown, overrides: Partial<PolicyContext> = {}): boolean {
  const statement = { Effect: 'allow', Resource: '*', Action: 'Read', Condition: condition };
  return (
    decide(effectiveOf({ document: { Statement: statement } }), 'Read', 'User:u1', context(overrides)).decision ===
    'allow'
  );
}
