import { decide } from './evaluate';
import { conditionHolds as holds, context, effectiveOf } from './testing';

describe('condition operators', () => {
  it.each<[string, unknown, boolean]>([
    ['Equals on a claim', { Equals: { '${JWT.dept}': 'security' } }, true],
    ['Equals is strict about type', { Equals: { '${JWT.level}': '3' } }, false],
    ['Equals against one of a list', { Equals: { '${JWT.dept}': ['sales', 'security'] } }, true],
    ['Equals against none of a list', { Equals: { '${JWT.dept}': ['sales', 'hr'] } }, false],
    ['NotEquals when different', { NotEquals: { '${JWT.dept}': 'sales' } }, true],
    ['NotEquals when equal', { NotEquals: { '${JWT.dept}': 'security' } }, false],
    ['Greater', { Greater: { '${JWT.level}': 2 } }, true],
    ['Greater at the bound', { Greater: { '${JWT.level}': 3 } }, false],
    ['Less', { Less: { '${JWT.level}': 4 } }, true],
    ['Less at the bound', { Less: { '${JWT.level}': 3 } }, false],
    ['GreaterOrEquals at the bound', { GreaterOrEquals: { '${JWT.level}': 3 } }, true],
    ['GreaterOrEquals below', { GreaterOrEquals: { '${JWT.level}': 4 } }, false],
    ['LessOrEquals at the bound', { LessOrEquals: { '${JWT.level}': 3 } }, true],
    ['LessOrEquals above', { LessOrEquals: { '${JWT.level}': 2 } }, false],
    ['a number and a string are not ordered', { Greater: { '${JWT.dept}': 1 } }, false],
    ['strings order as text', { Less: { '${JWT.dept}': 't' } }, true],
    ['Between inclusive', { Between: { '${JWT.level}': [3, 5] } }, true],
    ['Between outside', { Between: { '${JWT.level}': [4, 5] } }, false],
    [
      'Between any of several ranges',
      {
        Between: {
          '(*int)${DATETIME.H}': [
            [0, 8],
            [9, 12],
          ],
        },
      },
      true,
    ],
    [
      'Between none of several ranges',
      {
        Between: {
          '(*int)${DATETIME.H}': [
            [0, 8],
            [13, 17],
          ],
        },
      },
      false,
    ],
    ['In a list', { In: { '${USER.username}': ['jane', 'john'] } }, true],
    ['In: not in the list', { In: { '${USER.username}': ['john'] } }, false],
    ['In a list from a marker', { In: { editor: '${USER.roles}' } }, true],
    ['In: a list on the left must lie wholly in the right', { In: { '${USER.roles}': ['editor', 'admin'] } }, true],
    ['In: a list partly outside', { In: { '(*array)a,b': ['a'] } }, false],
    ['NotIn', { NotIn: { '${USER.username}': ['john'] } }, true],
    ['NotIn when in', { NotIn: { '${USER.username}': ['jane'] } }, false],
    ['Like with a wildcard', { Like: { '${USER.email}': '*@example.com' } }, true],
    ['Like not matching', { Like: { '${USER.email}': '*@example.org' } }, false],
    ['Like is anchored at both ends', { Like: { '${USER.email}': 'example' } }, false],
    ['Like one of several patterns', { Like: { '${USER.email}': ['x*', 'j*'] } }, true],
    ['NotLike', { NotLike: { '${USER.email}': '*@example.org' } }, true],
    ['NotLike when like', { NotLike: { '${USER.email}': 'jane@*' } }, false],
    ['RegEx', { RegEx: { '${USER.email}': '^[a-z]+@example\\.com$' } }, true],
    ['RegEx not matching', { RegEx: { '${USER.email}': '^admin@' } }, false],
    ['RegEx in /body/flags form', { RegEx: { '${USER.username}': '/^JANE$/i' } }, true],
    ['RegEx without the flag', { RegEx: { '${USER.username}': '/^JANE$/' } }, false],
  ])('%s', (_, condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('combining conditions', () => {
  it.each<[string, unknown, boolean]>([
    ['pairs in one operator are ORed', { Equals: { '${JWT.dept}': 'sales', '${USER.username}': 'jane' } }, true],
    ['no pair in an OR group holds', { Equals: { '${JWT.dept}': 'sales', '${USER.username}': 'john' } }, false],
    [
      'Operator AND inside a group needs every pair',
      { Equals: { Operator: 'AND', '${JWT.dept}': 'sales', '${USER.username}': 'jane' } },
      false,
    ],
    [
      'Operator AND inside a group with every pair holding',
      { Equals: { Operator: 'and', '${JWT.dept}': 'security', '${USER.username}': 'jane' } },
      true,
    ],
    ['operator types are ANDed', { Equals: { '${JWT.dept}': 'security' }, Greater: { '${JWT.level}': 5 } }, false],
    ['every operator type holds', { Equals: { '${JWT.dept}': 'security' }, Greater: { '${JWT.level}': 1 } }, true],
    [
      'Operator OR beside the groups ORs them',
      { Operator: 'OR', Equals: { '${JWT.dept}': 'sales' }, Greater: { '${JWT.level}': 1 } },
      true,
    ],
    [
      'Operator OR with no group holding',
      { Operator: 'OR', Equals: { '${JWT.dept}': 'sales' }, Greater: { '${JWT.level}': 5 } },
      false,
    ],
    ['an empty condition holds', {}, true],
    [
      'NotIn negates the whole OR group',
      { NotIn: { '${USER.username}': ['john'], '${JWT.dept}': ['security'] } },
      false,
    ],
  ])('%s', (_, condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('RegEx on a linear-time engine', () => {
  it('answers a catastrophic pattern against a long input quickly', () => {
    const input = `${'a'.repeat(50_000)}!`;
    const started = process.hrtime.bigint();
    expect(holds({ RegEx: { '${HTTP_GET.q}': '(a+)+$' } }, { query: { q: input } })).toBe(false);
    expect(holds({ RegEx: { '${HTTP_GET.q}': '^(a|aa)*$' } }, { query: { q: input } })).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });

  it('compiles a pattern once, when the document compiles, not per decision', () => {
    const { RE2JS } = jest.requireActual<typeof import('re2js')>('re2js');
    const compile = jest.spyOn(RE2JS, 'compile');
    compile.mockClear();
    const effective = effectiveOf({
      document: {
        Statement: {
          Effect: 'allow',
          Resource: '*',
          Action: 'Read',
          Condition: { RegEx: { '${USER.username}': '^j' } },
        },
      },
    });
    const calls = compile.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect(decide(effective, 'Read', 'User:u1', context()).decision).toBe('allow');
    expect(compile.mock.calls.length).toBe(calls);
    compile.mockRestore();
  });
});
