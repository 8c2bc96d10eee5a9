import { LONGEST_ACCESS_LIFETIME_S, LONGEST_CLOCK_TOLERANCE_S, retirementOf } from './retirement';

const stopped = new Date('2026-12-02T12:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('retirementOf', () => {
  it('takes the longest session lifetime and clock tolerance from the catalogue (one day, five minutes)', () => {
    expect([LONGEST_ACCESS_LIFETIME_S, LONGEST_CLOCK_TOLERANCE_S]).toEqual([86400, 300]);
  });

  it.each([
    ['no registry token', null, '2026-12-03T12:05:00.000Z'],
    [
      'registry tokens that end before the last session could',
      at('2026-12-02T18:00:00.000Z'),
      '2026-12-03T12:05:00.000Z',
    ],
    ['a registry token that ends one millisecond after it', at('2026-12-03T12:00:00.001Z'), '2026-12-03T12:05:00.001Z'],
    ['a registry token that lives a year more', at('2027-12-02T12:00:00.000Z'), '2027-12-02T12:05:00.000Z'],
  ])('with %s, retires the key when its last token has expired, plus the tolerance', (_case, registry, retires) => {
    expect(retirementOf(stopped, registry).toISOString()).toBe(retires);
  });
});
