import { analyzePolicy } from './analyze';
import type { RouteDeclaration } from './analyze';
import { compiled } from './testing';

const ROUTES: RouteDeclaration[] = [
  { action: 'Read', resourceType: 'User' },
  { action: 'Edit', resourceType: 'User' },
  { action: 'Delete', resourceType: 'User' },
  { action: 'List', resourceType: 'AuditLog' },
  { action: 'Read', resourceType: 'Config' },
];

const warningsOf = (...Statement: object[]) =>
  analyzePolicy(compiled({ Statement: Statement.length === 1 ? Statement[0] : Statement }), ROUTES);
const s = (Effect: string, Resource: unknown, Action: unknown, more: object = {}) => ({
  Effect,
  Resource,
  Action,
  ...more,
});
const onlyIf = { Condition: { Equals: { '${JWT.dept}': 'security' } } };

describe('analyzePolicy', () => {
  it.each<[string, object[]]>([
    ['a narrower statement after a broader one', [s('allow', 'User:*', 'Read'), s('deny', 'User:u1', 'Read')]],
    ['a later statement with a condition', [s('allow', 'User:u1', 'Read'), s('deny', 'User:*', 'Read', onlyIf)]],
    ['a later statement covering fewer actions', [s('allow', 'User:*', ['Read', 'Edit']), s('deny', 'User:*', 'Read')]],
    [
      'a later statement covering fewer resources',
      [s('allow', ['User:*', 'Config:*'], 'Read'), s('deny', 'User:*', 'Read')],
    ],
    ['an earlier enforced statement', [s('allow', 'User:u1', 'Read', { Enforce: true }), s('deny', 'User:*', 'Read')]],
    ['a marker pattern after a literal one', [s('allow', 'User:*', 'Read'), s('deny', 'User:${USER.id}', 'Read')]],
    ['a literal pattern after a marker one', [s('allow', 'User:u1', 'Read'), s('deny', 'User:${USER.id}', 'Read')]],
    [
      'a pattern whose text only looks like the marker',
      [s('allow', 'User:${USER.id}', 'Read'), s('deny', 'User:$*', 'Read')],
    ],
  ])('finds nothing wrong with %s', (_, statements) => {
    expect(warningsOf(...statements)).toEqual([]);
  });

  it.each<[string, object[], string, string]>([
    [
      'a statement a later one covers',
      [s('allow', 'User:u1', 'Read'), s('deny', 'User:*', 'Read')],
      'Statement[0]',
      'shadowed: Statement[1] matches wherever this does, comes later and has the opposite effect',
    ],
    [
      'a duplicate',
      [s('allow', 'User:u1', 'Read'), s('allow', 'User:u1', 'Read')],
      'Statement[0]',
      'comes later and has the same effect, so this one is redundant',
    ],
    [
      'a conditional statement a later one covers',
      [s('allow', 'User:u1', 'Read', onlyIf), s('deny', 'User:*', ['Read', 'Edit'])],
      'Statement[0]',
      'shadowed: Statement[1]',
    ],
    [
      'a statement an enforced later one covers',
      [s('allow', 'User:u1', 'Read'), s('deny', 'User:*', 'Read', { Enforce: true }), s('allow', 'User:u2', 'Edit')],
      'Statement[0]',
      'is enforced',
    ],
    [
      'an enforced statement after an enforced one',
      [s('deny', 'User:*', 'Read', { Enforce: true }), s('allow', 'User:u1', 'Read', { Enforce: true })],
      'Statement[1]',
      'is enforced and comes first',
    ],
    [
      'a statement the bare wildcard covers',
      [s('allow', 'Config:*', 'Read'), s('deny', '*', '*')],
      'Statement[0]',
      'shadowed: Statement[1]',
    ],
    [
      'a marker pattern covered by a wildcard',
      [s('allow', 'User:${USER.id}', 'Read'), s('deny', 'User:*', 'Read')],
      'Statement[0]',
      'shadowed',
    ],
    [
      'a Route statement a later one covers',
      [
        { Effect: 'deny', Resource: 'Route:/api/v1/users:GET' },
        { Effect: 'allow', Resource: 'Route:/api/*:*' },
      ],
      'Statement[0]',
      'shadowed',
    ],
    [
      'an action no route declares for the type',
      [s('allow', 'AuditLog', ['List', 'Delete'])],
      'Statement.Action',
      'never matches Delete: no route asks for Delete on AuditLog resources',
    ],
    ['an allow of everything', [s('allow', '*', '*')], 'Statement', 'allows every action on every resource'],
    [
      'Between with min above max',
      [s('allow', 'User:*', 'Read', { Condition: { Between: { '${JWT.level}': [5, 1] } } })],
      'Statement.Condition.Between["${JWT.level}"]',
      'condition never holds: Between with min greater than max',
    ],
    [
      'In an empty list',
      [s('allow', 'User:*', 'Read', { Condition: { In: { '${JWT.level}': [] } } })],
      'Statement.Condition.In["${JWT.level}"]',
      'condition never holds: In an empty list',
    ],
    [
      'Equals against an empty list',
      [s('allow', 'User:*', 'Read', { Condition: { Equals: { '${JWT.level}': [] } } })],
      'Statement.Condition.Equals["${JWT.level}"]',
      'condition never holds',
    ],
  ])('warns about %s', (_, statements, path, message) => {
    expect(warningsOf(...statements)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('does not call a Between with one empty range among good ones always false', () => {
    expect(
      warningsOf(
        s('allow', 'User:*', 'Read', {
          Condition: {
            Between: {
              '${JWT.level}': [
                [5, 1],
                [1, 5],
              ],
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('warns about an action no route declares only for typed resources, not for *', () => {
    expect(warningsOf(s('deny', '*', 'ChangeRole'))).toEqual([]);
    expect(warningsOf(s('deny', 'Role:*', 'ChangeRole'))).toHaveLength(1);
  });
});
