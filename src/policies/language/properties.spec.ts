import fc from 'fast-check';
import type { Action } from '../../common/actions';
import { ATTACHMENT_LEVELS } from './effective';
import type { AttachmentLevel } from './effective';
import { allowedResources, decide } from './evaluate';
import { context, effectiveOf } from './testing';

const RESOURCES = ['User:u1', 'User:*', 'User:u2', '*', 'Role:*', 'User:${USER.id}'];
const ACTIONS: Action[] = ['Read', 'Edit'];
const REQUESTS = ['User:u1', 'User:u2', 'Role:editor'];

interface Statement {
  Effect: 'allow' | 'deny';
  Resource: string;
  Action: Action | '*';
  Enforce: boolean;
  Condition?: object;
}

const statementArb: fc.Arbitrary<Statement> = fc.record({
  Effect: fc.constantFrom('allow' as const, 'deny' as const),
  Resource: fc.constantFrom(...RESOURCES),
  Action: fc.constantFrom<Action | '*'>('Read', 'Edit', '*'),
  Enforce: fc.boolean(),
  Condition: fc.option(
    fc.constantFrom({ Equals: { '${JWT.dept}': 'security' } }, { Equals: { '${JWT.dept}': 'sales' } }),
    { nil: undefined },
  ),
});

interface Policy {
  level: AttachmentLevel;
  order: number;
  statements: Statement[];
}

const policiesArb: fc.Arbitrary<Policy[]> = fc.array(
  fc.record({
    level: fc.constantFrom(...ATTACHMENT_LEVELS),
    order: fc.integer({ min: 0, max: 5 }),
    statements: fc.array(statementArb, { maxLength: 5 }),
  }),
  { maxLength: 4 },
);

const attach = (policies: Policy[]) =>
  policies.map((p) => ({ level: p.level, order: p.order, document: { Statement: p.statements } }));

/** The semantics written out naively, for u1 in the dept `security`. */
function model(policies: Policy[], action: Action, resource: string): { decision: string; matched: string | null } {
  const placed = policies
    .map((p, i) => ({ ...p, id: `p${i}` }))
    .sort((a, b) => ATTACHMENT_LEVELS.indexOf(a.level) - ATTACHMENT_LEVELS.indexOf(b.level) || a.order - b.order)
    .flatMap((p) => p.statements.map((s, index) => ({ ...s, where: `${p.id}#${index}` })));
  const matching = placed.filter((s) => {
    const pattern = s.Resource.replace('${USER.id}', 'u1');
    const resourceMatches =
      pattern === '*' || pattern === resource || (pattern.endsWith('*') && resource.startsWith(pattern.slice(0, -1)));
    const conditionHolds = !s.Condition || JSON.stringify(s.Condition).includes('security');
    return resourceMatches && (s.Action === '*' || s.Action === action) && conditionHolds;
  });
  const winner = matching.find((s) => s.Enforce) ?? matching.at(-1);
  return winner ? { decision: winner.Effect, matched: winner.where } : { decision: 'deny', matched: null };
}

function decision(policies: Policy[], action: Action, resource: string) {
  const result = decide(effectiveOf(...attach(policies)), action, resource, context());
  return {
    decision: result.decision,
    matched: result.matched && `${result.matched.policy_id}#${result.matched.statement_index}`,
  };
}

describe('evaluator properties', () => {
  it('decides as the naive reading of the rules: levels, order, last match, first enforced', () => {
    fc.assert(
      fc.property(
        policiesArb,
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...REQUESTS),
        (policies, action, resource) => {
          expect(decision(policies, action, resource)).toEqual(model(policies, action, resource));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never changes a decision for a statement that does not match, wherever it goes', () => {
    const nonMatching = statementArb.map((s) => ({ ...s, Resource: 'Role:nobody' }));
    fc.assert(
      fc.property(policiesArb, nonMatching, fc.nat(), fc.nat(), (policies, extra, where, at) => {
        fc.pre(policies.length > 0);
        const before = decide(effectiveOf(...attach(policies)), 'Read', 'User:u1', context()).decision;
        const target = policies[where % policies.length];
        const changed = policies.map((p) =>
          p === target
            ? {
                ...p,
                statements: [
                  ...p.statements.slice(0, at % (p.statements.length + 1)),
                  extra,
                  ...p.statements.slice(at % (p.statements.length + 1)),
                ],
              }
            : p,
        );
        expect(decide(effectiveOf(...attach(changed)), 'Read', 'User:u1', context()).decision).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('decides the same however the statements that do not match are ordered among the others', () => {
    const matching = statementArb.map((s) => ({
      ...s,
      Resource: 'User:*',
      Action: 'Read' as const,
      Condition: undefined,
    }));
    const other = statementArb.map((s) => ({ ...s, Resource: 'Role:nobody' }));
    const tagged = fc.array(
      fc.oneof(
        matching.map((s) => ({ s, matches: true })),
        other.map((s) => ({ s, matches: false })),
      ),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(tagged, fc.infiniteStream(fc.nat()), (items, randoms) => {
        const others = items.filter((i) => !i.matches).map((i) => i.s);
        const keyed = others.map((s) => ({ key: randoms.next().value, s }));
        const shuffled = keyed.sort((a, b) => a.key - b.key).map((k) => k.s);
        let next = 0;
        const reordered = items.map((i) => (i.matches ? i.s : shuffled[next++]));
        const one = (statements: Statement[]) =>
          decide(effectiveOf({ document: { Statement: statements } }), 'Read', 'User:u1', context()).decision;
        expect(one(reordered)).toBe(one(items.map((i) => i.s)));
      }),
      { numRuns: 200 },
    );
  });

  it('lets an enforced deny beat any set of allows that are not enforced, at any level', () => {
    const allows = fc.array(
      statementArb.map((s) => ({ ...s, Effect: 'allow' as const, Enforce: false })),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(allows, allows, fc.constantFrom(...ATTACHMENT_LEVELS), (before, after, level) => {
        const enforced: Statement = { Effect: 'deny', Resource: 'User:*', Action: 'Read', Enforce: true };
        const effective = effectiveOf(
          { level: 'default', document: { Statement: before } },
          { level, document: { Statement: [enforced] } },
          { level: 'user', order: 99, document: { Statement: after } },
        );
        expect(decide(effective, 'Read', 'User:u1', context()).decision).toBe('deny');
      }),
      { numRuns: 200 },
    );
  });

  it('allows in a batch exactly the resources it allows one by one', () => {
    fc.assert(
      fc.property(policiesArb, fc.constantFrom(...ACTIONS), (policies, action) => {
        const effective = effectiveOf(...attach(policies));
        const oneByOne = REQUESTS.filter((r) => decide(effective, action, r, context()).decision === 'allow');
        expect(allowedResources(effective, action, REQUESTS, context())).toEqual(oneByOne);
      }),
      { numRuns: 100 },
    );
  });
});
