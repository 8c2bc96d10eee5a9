import type { Action } from '../../common/actions';
import { allowedResources, checkRoute, decide } from './evaluate';
import { context, effectiveOf } from './testing';
import type { Attached } from './testing';

const allow = (Resource: unknown, Action: unknown = 'Read', more: object = {}) => ({
  Effect: 'allow',
  Resource,
  Action,
  ...more,
});
const deny = (Resource: unknown, Action: unknown = 'Read', more: object = {}) => ({
  Effect: 'deny',
  Resource,
  Action,
  ...more,
});
const policy = (...Statement: object[]) => ({ Statement });

type Case = [string, Attached[], Action, string, 'allow' | 'deny', string | null];

/** Attachments × request → decision and the deciding `<policy>#<statement>` (null: default deny). */
function expectDecision(
  attached: Attached[],
  action: Action,
  resource: string,
  decision: string,
  matched: string | null,
) {
  const result = decide(effectiveOf(...attached), action, resource, context());
  expect(result.decision).toBe(decision);
  expect(result.matched && `${result.matched.policy_id}#${result.matched.statement_index}`).toBe(matched);
}

describe('decide: resources and actions', () => {
  it.each<Case>([
    ['no policy at all: default deny', [], 'Read', 'User:u1', 'deny', null],
    ['an empty policy: default deny', [{ document: {} }], 'Read', 'User:u1', 'deny', null],
    ['an exact resource', [{ document: policy(allow('User:u1')) }], 'Read', 'User:u1', 'allow', 'p0#0'],
    ['another resource', [{ document: policy(allow('User:u1')) }], 'Read', 'User:u2', 'deny', null],
    ['another action', [{ document: policy(allow('User:u1')) }], 'Edit', 'User:u1', 'deny', null],
    ['a prefix wildcard', [{ document: policy(allow('User:*')) }], 'Read', 'User:u9', 'allow', 'p0#0'],
    ['a wildcard is not another type', [{ document: policy(allow('User:*')) }], 'Read', 'Role:editor', 'deny', null],
    [
      'a wildcard inside',
      [{ document: policy(allow('Config:service.*.expires_in')) }],
      'Read',
      'Config:service.jwt.expires_in',
      'allow',
      'p0#0',
    ],
    [
      'a wildcard inside, not matching',
      [{ document: policy(allow('Config:service.*.expires_in')) }],
      'Read',
      'Config:service.jwt.registry_size',
      'deny',
      null,
    ],
    ['the bare wildcard', [{ document: policy(allow('*')) }], 'Read', 'AuditLog', 'allow', 'p0#0'],
    ['a single resource', [{ document: policy(allow('AuditLog', 'List')) }], 'List', 'AuditLog', 'allow', 'p0#0'],
    ['Metrics', [{ document: policy(allow('Metrics')) }], 'Read', 'Metrics', 'allow', 'p0#0'],
    [
      'one of several resources',
      [{ document: policy(allow(['Role:*', 'Token:j1'])) }],
      'Read',
      'Token:j1',
      'allow',
      'p0#0',
    ],
    [
      'one of several actions',
      [{ document: policy(allow('User:*', ['Edit', 'Read'])) }],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'an action wildcard',
      [{ document: policy(allow('User:*', '*Token')) }],
      'RevokeToken',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'an action wildcard, not matching',
      [{ document: policy(allow('User:*', '*Token')) }],
      'ListTokens',
      'User:u1',
      'deny',
      null,
    ],
    ['every action', [{ document: policy(allow('User:*', '*')) }], 'ChangeRole', 'User:u1', 'allow', 'p0#0'],
    ['a marker in the resource', [{ document: policy(allow('User:${USER.id}')) }], 'Read', 'User:u1', 'allow', 'p0#0'],
    [
      'a marker in the resource, another user',
      [{ document: policy(allow('User:${USER.id}')) }],
      'Read',
      'User:u2',
      'deny',
      null,
    ],
    [
      'an unresolvable marker matches nothing',
      [{ document: policy(allow('User:${JWT.nope}*')) }],
      'Read',
      'User:u1',
      'deny',
      null,
    ],
    [
      'a Route statement answers no action check',
      [{ document: policy({ Effect: 'allow', Resource: 'Route:*:*' }) }],
      'Read',
      'User:u1',
      'deny',
      null,
    ],
  ])('%s', (_, attached, action, resource, decision, matched) => {
    expectDecision(attached, action, resource, decision, matched);
  });

  it("matches a marker's value literally: a username of * does not widen the pattern", () => {
    const effective = effectiveOf({ document: policy(allow('User:${USER.username}')) });
    const star = context({ user: { ...context().user!, username: '*' } });
    expect(decide(effective, 'Read', 'User:*', star).decision).toBe('allow');
    expect(decide(effective, 'Read', 'User:u2', star).decision).toBe('deny');
  });
});

describe('decide: order, levels and Enforce', () => {
  it.each<Case>([
    [
      'the later statement wins',
      [{ document: policy(allow('User:*'), deny('User:u1')) }],
      'Read',
      'User:u1',
      'deny',
      'p0#1',
    ],
    [
      'the later statement wins, the other way round',
      [{ document: policy(deny('User:u1'), allow('User:*')) }],
      'Read',
      'User:u1',
      'allow',
      'p0#1',
    ],
    [
      'a later statement that does not match changes nothing',
      [{ document: policy(allow('User:*'), deny('User:u2')) }],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'a later statement whose condition fails changes nothing',
      [
        {
          document: policy(
            allow('User:*'),
            deny('User:*', 'Read', { Condition: { Equals: { '${JWT.dept}': 'sales' } } }),
          ),
        },
      ],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'a later policy wins',
      [{ document: policy(allow('User:*')) }, { document: policy(deny('User:*')) }],
      'Read',
      'User:u1',
      'deny',
      'p1#0',
    ],
    [
      'attachment order, not list order, orders policies',
      [
        { order: 2, document: policy(allow('User:*')) },
        { order: 1, document: policy(deny('User:*')) },
      ],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'role level beats default level',
      [
        { level: 'role', document: policy(allow('User:*')) },
        { level: 'default', document: policy(deny('User:*')) },
      ],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'user level beats role level',
      [
        { level: 'user', document: policy(deny('User:*')) },
        { level: 'role', document: policy(allow('User:*')) },
      ],
      'Read',
      'User:u1',
      'deny',
      'p0#0',
    ],
    [
      'level beats order',
      [
        { level: 'role', order: 9, document: policy(deny('User:*')) },
        { level: 'user', order: 0, document: policy(allow('User:*')) },
      ],
      'Read',
      'User:u1',
      'allow',
      'p1#0',
    ],
    [
      'an enforced deny beats a later allow',
      [{ document: policy(deny('User:*', 'Read', { Enforce: true }), allow('User:u1')) }],
      'Read',
      'User:u1',
      'deny',
      'p0#0',
    ],
    [
      'an enforced allow beats a later deny',
      [{ document: policy(allow('User:*', 'Read', { Enforce: true }), deny('User:u1')) }],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'an enforced statement beats an earlier one',
      [{ document: policy(allow('User:*'), deny('User:*', 'Read', { Enforce: true })) }],
      'Read',
      'User:u1',
      'deny',
      'p0#1',
    ],
    [
      'a default-level enforced deny beats a user-level allow',
      [
        { level: 'default', document: policy(deny('User:*', 'Read', { Enforce: true })) },
        { level: 'user', document: policy(allow('User:*')) },
      ],
      'Read',
      'User:u1',
      'deny',
      'p0#0',
    ],
    [
      'the first enforced statement wins over a later enforced one',
      [
        { level: 'default', document: policy(deny('User:*', 'Read', { Enforce: true })) },
        { level: 'user', document: policy(allow('User:*', 'Read', { Enforce: true })) },
      ],
      'Read',
      'User:u1',
      'deny',
      'p0#0',
    ],
    [
      'an enforced statement that does not match changes nothing',
      [{ document: policy(allow('User:*'), deny('User:u2', 'Read', { Enforce: true })) }],
      'Read',
      'User:u1',
      'allow',
      'p0#0',
    ],
    [
      'Enforce: false is not enforced',
      [{ document: policy(deny('User:*', 'Read', { Enforce: false }), allow('User:*')) }],
      'Read',
      'User:u1',
      'allow',
      'p0#1',
    ],
  ])('%s', (_, attached, action, resource, decision, matched) => {
    expectDecision(attached, action, resource, decision, matched);
  });

  it('says why, naming the statement and its policy, or that nothing matched', () => {
    const effective = effectiveOf({
      id: 'admins',
      document: policy(allow('User:*'), deny('User:u2', 'Read', { Enforce: true })),
    });
    expect(decide(effective, 'Read', 'User:u1', context()).reason).toBe(
      'Read on User:u1 allowed by statement 0 of policy admins',
    );
    expect(decide(effective, 'Read', 'User:u2', context()).reason).toBe(
      'Read on User:u2 denied by statement 1 of policy admins (enforced)',
    );
    expect(decide(effective, 'Edit', 'User:u1', context())).toEqual({
      decision: 'deny',
      matched: null,
      reason: 'Edit on User:u1 denied by default: no statement matches',
    });
  });
});

describe('allowedResources (one action over many resources)', () => {
  it('keeps the resources the action is allowed on, in their order', () => {
    const effective = effectiveOf({ document: policy(allow('User:*'), deny(['User:u2', 'User:u4'])) });
    expect(allowedResources(effective, 'Read', ['User:u1', 'User:u2', 'User:u3', 'User:u4'], context())).toEqual([
      'User:u1',
      'User:u3',
    ]);
    expect(allowedResources(effective, 'Edit', ['User:u1'], context())).toEqual([]);
  });
});

describe('checkRoute (restriction only)', () => {
  const route = (Resource: unknown, Effect = 'deny', more: object = {}) => ({ Effect, Resource, ...more });
  it.each<[string, object[], string, string, 'allow' | 'deny', string | null]>([
    ['no Route statement: no restriction', [allow('*', '*')], '/api/v1/users/{id}', 'DELETE', 'allow', null],
    [
      'a matching deny restricts',
      [route('Route:/api/v1/users/{id}:DELETE')],
      '/api/v1/users/{id}',
      'DELETE',
      'deny',
      'p0#0',
    ],
    [
      'the method is part of the route',
      [route('Route:/api/v1/users/{id}:DELETE')],
      '/api/v1/users/{id}',
      'GET',
      'allow',
      null,
    ],
    [
      'the method matches in any case',
      [route('Route:/api/v1/users/{id}:DELETE')],
      '/api/v1/users/{id}',
      'delete',
      'deny',
      'p0#0',
    ],
    ['a wildcard path', [route('Route:/api/v1/users/*:*')], '/api/v1/users/{id}/tokens', 'POST', 'deny', 'p0#0'],
    ['Route:* is every route', [route('Route:*')], '/api/v1/health', 'GET', 'deny', 'p0#0'],
    [
      'a later allow lifts a deny',
      [route('Route:/api/v1/*:*'), route('Route:/api/v1/health:GET', 'allow')],
      '/api/v1/health',
      'GET',
      'allow',
      'p0#1',
    ],
    [
      'an enforced deny stays',
      [route('Route:/api/v1/*:*', 'deny', { Enforce: true }), route('Route:/api/v1/health:GET', 'allow')],
      '/api/v1/health',
      'GET',
      'deny',
      'p0#0',
    ],
    [
      'a deny whose condition fails',
      [route('Route:*:*', 'deny', { Condition: { Equals: { '(*ip)${USER.ip}': '192.168.0.0/16' } } })],
      '/x',
      'GET',
      'allow',
      null,
    ],
    [
      'a deny whose condition holds',
      [route('Route:*:*', 'deny', { Condition: { Equals: { '(*ip)${USER.ip}': '10.0.0.0/8' } } })],
      '/x',
      'GET',
      'deny',
      'p0#0',
    ],
    ['action statements do not restrict routes', [deny('*', '*')], '/x', 'GET', 'allow', null],
  ])('%s', (_, statements, path, method, decision, matched) => {
    const result = checkRoute(effectiveOf({ document: policy(...statements) }), path, method, context());
    expect(result.decision).toBe(decision);
    expect(result.matched && `${result.matched.policy_id}#${result.matched.statement_index}`).toBe(matched);
  });
});
