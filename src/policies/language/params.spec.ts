import { resolveParam } from './params';
import { context, effectiveOf } from './testing';
import type { Attached } from './testing';

const size = (Value: unknown, more: object = {}) => ({ Key: 'service.jwt.registry_size', Value, ...more });

describe('resolveParam', () => {
  it.each<[string, Attached[], unknown, string | null]>([
    ['no param: undefined, the config applies', [{ document: {} }], undefined, null],
    [
      'a param of another key',
      [{ document: { Param: { Key: 'service.jwt.expires_in', Value: 60 } } }],
      undefined,
      null,
    ],
    ['a param', [{ document: { Param: size(50) } }], 50, 'p0#0'],
    ['the later param wins', [{ document: { Param: [size(50), size(20)] } }], 20, 'p0#1'],
    [
      'user level beats role level',
      [
        { level: 'user', document: { Param: size(5) } },
        { level: 'role', document: { Param: size(50) } },
      ],
      5,
      'p0#0',
    ],
    [
      'role level beats default level',
      [
        { level: 'role', document: { Param: size(50) } },
        { level: 'default', document: { Param: size(5) } },
      ],
      50,
      'p0#0',
    ],
    [
      'an enforced param beats a later one',
      [{ level: 'default', document: { Param: size(3, { Enforce: true }) } }, { document: { Param: size(50) } }],
      3,
      'p0#0',
    ],
    [
      'a param whose condition fails is skipped',
      [{ document: { Param: [size(50), size(99, { Condition: { Equals: { '${JWT.dept}': 'sales' } } })] } }],
      50,
      'p0#0',
    ],
    [
      'a param whose condition holds',
      [{ document: { Param: [size(50), size(99, { Condition: { Equals: { '${JWT.dept}': 'security' } } })] } }],
      99,
      'p0#1',
    ],
    ['a marker in the value', [{ document: { Param: size('(*int)${JWT.level}') } }], 3, 'p0#0'],
    ['an unresolvable marker gives null', [{ document: { Param: size('${JWT.nope}') } }], null, 'p0#0'],
  ])('%s', (_, attached, value, matched) => {
    const result = resolveParam(effectiveOf(...attached), 'service.jwt.registry_size', context());
    expect(result?.value).toBe(value);
    expect(result ? `${result.matched.policy_id}#${result.matched.param_index}` : null).toBe(matched);
  });
});
