import { compilePolicy, validatePolicy } from './compile';
import { OPTIONS } from './testing';

const statement = (fields: Record<string, unknown>) => ({
  Statement: { Effect: 'allow', Resource: 'User:*', Action: 'Read', ...fields },
});

describe('validatePolicy', () => {
  it.each<[string, unknown]>([
    ['an empty document', {}],
    ['one statement as an object', statement({})],
    [
      'statements as a list',
      { Statement: [statement({}).Statement, { Effect: 'deny', Resource: 'AuditLog', Action: 'List' }] },
    ],
    [
      'several resources and actions',
      statement({ Resource: ['User:1', 'Role:editor', 'Policy:*'], Action: ['Read', 'Edit'] }),
    ],
    ['an action wildcard', statement({ Action: '*Token' })],
    ['every resource type', statement({ Resource: ['Token:j1', 'Config:service.*', 'AuditLog', 'Metrics', '*'] })],
    [
      'a Route statement without Action',
      { Statement: { Effect: 'deny', Resource: 'Route:/api/v1/users/{id}:DELETE' } },
    ],
    ['a Route wildcard', { Statement: { Effect: 'deny', Resource: ['Route:*:*', 'Route:/api/v1/*:GET'] } }],
    ['a marker in a resource', statement({ Resource: 'User:${USER.id}' })],
    ['Enforce', statement({ Enforce: true })],
    [
      'a param',
      { Param: { Key: 'service.jwt.registry_size', Value: 50, Enforce: false, Condition: { In: { a: ['a'] } } } },
    ],
    ['params as a list', { Param: [{ Key: 'service.jwt.expires_in', Value: '${JWT.ttl}' }] }],
  ])('accepts %s', (_, document) => {
    expect(validatePolicy(document, OPTIONS)).toEqual([]);
  });

  it.each<[string, unknown, string, string]>([
    ['a document that is not an object', [], '', 'a policy document is an object'],
    ['an unknown top-level key', { Statements: [] }, 'Statements', "unknown key 'Statements'"],
    ['a statement that is not an object', { Statement: ['x'] }, 'Statement[0]', 'a Statement is an object'],
    ['an unknown statement key', statement({ Effects: 'allow' }), 'Statement.Effects', "unknown key 'Effects'"],
    ['a missing Effect', statement({ Effect: undefined }), 'Statement.Effect', 'Effect is required'],
    ['a bad Effect', statement({ Effect: 'Allow' }), 'Statement.Effect', 'Effect must be "allow" or "deny"'],
    ['a missing Resource', statement({ Resource: undefined }), 'Statement.Resource', 'Resource is required'],
    ['an empty Resource list', statement({ Resource: [] }), 'Statement.Resource', 'must not be an empty list'],
    [
      'a Resource that is not a string',
      statement({ Resource: ['User:1', 7] }),
      'Statement.Resource[1]',
      'must be a string',
    ],
    ['an unknown resource type', statement({ Resource: 'Post:1' }), 'Statement.Resource', "unknown type 'Post'"],
    ['a resource without an id', statement({ Resource: 'User' }), 'Statement.Resource', 'User needs an id'],
    ['an empty id', statement({ Resource: ['User:1', 'User:'] }), 'Statement.Resource[1]', 'User needs an id'],
    ['an id on a single resource', statement({ Resource: 'AuditLog:1' }), 'Statement.Resource', 'AuditLog takes no id'],
    [
      'a Route without a method',
      { Statement: { Effect: 'deny', Resource: 'Route:/users' } },
      'Statement.Resource',
      'Route:<path>:<METHOD>',
    ],
    [
      'a Route with a bad method',
      { Statement: { Effect: 'deny', Resource: 'Route:/users:FETCH' } },
      'Statement.Resource',
      "unknown method 'FETCH'",
    ],
    [
      'a Route path without /',
      { Statement: { Effect: 'deny', Resource: 'Route:users:GET' } },
      'Statement.Resource',
      'must start with /',
    ],
    [
      'an Action on a Route statement',
      { Statement: { Effect: 'deny', Resource: 'Route:/x:GET', Action: 'Read' } },
      'Statement.Action',
      'take no Action',
    ],
    ['a missing Action', statement({ Action: undefined }), 'Statement.Action', 'Action is required'],
    ['an unknown action', statement({ Action: ['Read', 'Reed'] }), 'Statement.Action[1]', "unknown action 'Reed'"],
    ['a wildcard matching no action', statement({ Action: 'Fly*' }), 'Statement.Action', "unknown action 'Fly*'"],
    ['a bad Enforce', statement({ Enforce: 'yes' }), 'Statement.Enforce', 'Enforce must be true or false'],
    [
      'a Condition that is not an object',
      statement({ Condition: [] }),
      'Statement.Condition',
      'Condition must be an object',
    ],
    [
      'an unknown operator',
      statement({ Condition: { Equal: { a: 'a' } } }),
      'Statement.Condition.Equal',
      "unknown operator 'Equal'",
    ],
    [
      'a bad Operator',
      statement({ Condition: { Operator: 'XOR' } }),
      'Statement.Condition.Operator',
      'Operator must be "AND" or "OR"',
    ],
    [
      'a bad group Operator',
      statement({ Condition: { In: { Operator: 1, a: ['a'] } } }),
      'Statement.Condition.In.Operator',
      'Operator must be',
    ],
    [
      'a group that is not an object',
      statement({ Condition: { Equals: ['a'] } }),
      'Statement.Condition.Equals',
      'must be an object',
    ],
    [
      'a group that compares nothing',
      statement({ Condition: { Equals: {} } }),
      'Statement.Condition.Equals',
      'compares nothing',
    ],
    [
      'a malformed marker',
      statement({ Condition: { Equals: { '${USER.id': 'a' } } }),
      'Statement.Condition.Equals["${USER.id"]',
      'malformed marker',
    ],
    [
      'a marker without a path',
      statement({ Condition: { Equals: { '${USER}': 'a' } } }),
      'Statement.Condition.Equals["${USER}"]',
      'malformed marker',
    ],
    [
      'an unknown marker source',
      statement({ Condition: { Equals: { a: '${SESSION.id}' } } }),
      'Statement.Condition.Equals["a"]',
      "unknown marker source 'SESSION'",
    ],
    [
      'an unknown USER field',
      statement({ Condition: { Equals: { '${USER.password}': 'a' } } }),
      'Statement.Condition.Equals["${USER.password}"]',
      "USER has no field 'password'",
    ],
    [
      'an ENV variable off the allow-list',
      statement({ Condition: { Equals: { '${ENV.DB_PASSWORD}': 'a' } } }),
      'Statement.Condition.Equals["${ENV.DB_PASSWORD}"]',
      'not on the allow-list',
    ],
    [
      'an unreadable CONFIG option',
      statement({ Condition: { Equals: { '${CONFIG.service.jwt.secret}': 'a' } } }),
      'Statement.Condition.Equals["${CONFIG.service.jwt.secret}"]',
      'not a readable config option',
    ],
    [
      'a bad typecast',
      statement({ Condition: { Equals: { '(*integer)${JWT.n}': 1 } } }),
      'Statement.Condition.Equals["(*integer)${JWT.n}"]',
      "unknown typecast '(*integer)'",
    ],
    [
      'a bad value type',
      statement({ Condition: { Equals: { a: { b: 1 } } } }),
      'Statement.Condition.Equals["a"]',
      'expected a string, number',
    ],
    [
      'a bad Between',
      statement({ Condition: { Between: { a: [1, 2, 3] } } }),
      'Statement.Condition.Between["a"]',
      'Between needs [min, max]',
    ],
    [
      'a bad range among several',
      statement({ Condition: { Between: { a: [[1, 2], [3]] } } }),
      'Statement.Condition.Between["a"][1]',
      'Between needs [min, max]',
    ],
    ['In without a list', statement({ Condition: { In: { a: 1 } } }), 'Statement.Condition.In["a"]', 'In needs a list'],
    [
      'Like without a pattern',
      statement({ Condition: { Like: { a: 1 } } }),
      'Statement.Condition.Like["a"]',
      'Like needs a pattern',
    ],
    ['a bad regex', statement({ Condition: { RegEx: { a: '(' } } }), 'Statement.Condition.RegEx["a"]', "bad regex '('"],
    [
      'a backreference (not linear-time)',
      statement({ Condition: { RegEx: { a: '(a)\\1' } } }),
      'Statement.Condition.RegEx["a"]',
      'bad regex',
    ],
    [
      'an unknown regex flag',
      statement({ Condition: { RegEx: { a: '/a/x' } } }),
      'Statement.Condition.RegEx["a"]',
      "unknown flag 'x'",
    ],
    [
      'a marker in a regex',
      statement({ Condition: { RegEx: { a: '^${USER.id}$' } } }),
      'Statement.Condition.RegEx["a"]',
      'takes no markers',
    ],
    [
      'a malformed marker in a resource',
      statement({ Resource: 'User:${USER.id' }),
      'Statement.Resource',
      'malformed marker',
    ],
    ['a param that is not an object', { Param: 3 }, 'Param', 'a Param is an object'],
    [
      'a param key that is not settable',
      { Param: { Key: 'service.jwt.secret', Value: 1 } },
      'Param.Key',
      'Key must be one of',
    ],
    ['a param without a value', { Param: [{ Key: 'service.jwt.expires_in' }] }, 'Param[0].Value', 'Value is required'],
    [
      'an unknown param key',
      { Param: { Key: 'service.jwt.expires_in', Value: 1, Enforced: true } },
      'Param.Enforced',
      'unknown key',
    ],
    [
      'a param condition',
      { Param: { Key: 'service.jwt.expires_in', Value: 1, Condition: { Equals: { '${X.y}': 1 } } } },
      'Param.Condition.Equals["${X.y}"]',
      'unknown marker source',
    ],
  ])('refuses %s', (_, document, path, message) => {
    expect(validatePolicy(document, OPTIONS)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('asks no Action of a Route statement whose route is malformed', () => {
    expect(validatePolicy({ Statement: { Effect: 'deny', Resource: 'Route:/users' } }, OPTIONS)).toHaveLength(1);
  });

  it('lists every error of a document, each with its path', () => {
    const errors = validatePolicy(
      {
        Statement: [
          { Effect: 'allow', Resource: ['User:1', 'Nope:1'], Action: 'Read' },
          { Effect: 'permit', Resource: 'User:*', Action: 'Reed' },
          {
            Effect: 'deny',
            Resource: 'User:*',
            Action: 'Read',
            Condition: { Equals: { '${USER.id}': 1 }, Equls: {}, RegEx: { a: '[' } },
          },
        ],
        Param: { Key: 'nope', Value: 1 },
      },
      OPTIONS,
    );
    expect(errors.map((e) => e.path)).toEqual([
      'Statement[0].Resource[1]',
      'Statement[1].Effect',
      'Statement[1].Action',
      'Statement[2].Condition.Equls',
      'Statement[2].Condition.RegEx["a"]',
      'Param.Key',
    ]);
  });

  it('answers a valid document with its compiled form', () => {
    const result = compilePolicy(statement({}), OPTIONS);
    expect(result.ok && result.policy.statements.map((s) => [s.path, s.effect, [...s.actions]])).toEqual([
      ['Statement', 'allow', ['Read']],
    ]);
  });
});
