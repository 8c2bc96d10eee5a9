import { parseLifetime, resolveExpiry } from './ttl';

describe('parseLifetime', () => {
  it.each([
    [3600, 3600],
    ['3600', 3600],
    ['  3600  ', 3600],
    ['+2 hours', 7200],
    ['+ 2 hours', 7200],
    ['2 HOURS', 7200],
    ['1 day 6 hours', 86400 + 6 * 3600],
    ['1d6h', 86400 + 6 * 3600],
    ['90m', 5400],
    ['45 seconds', 45],
    ['1 week', 604800],
    ['1 month', 2592000],
    ['1 year', 31536000],
    ['0 hours 1 second', 1],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseLifetime(input)).toBe(seconds);
  });

  it.each([
    ['5 fortnights', "unknown unit 'fortnights'"],
    ['1 day 6 parsecs', "unknown unit 'parsecs'"],
    ['2 mo', "unknown unit 'mo'"],
  ])('refuses %p naming the unknown unit', (input, error) => {
    expect(parseLifetime(input)).toEqual({ error });
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the number %p as not a positive whole number of seconds',
    (input) => {
      expect(parseLifetime(input)).toEqual({ error: 'must be a positive whole number of seconds' });
    },
  );

  it('refuses the text "0" like the number 0', () => {
    expect(parseLifetime('0')).toEqual({ error: 'must be a positive whole number of seconds' });
  });

  it.each(['2 hours 5', 'x 5', '2 hours +3 minutes', '2 hours, +3 minutes'])(
    'refuses %p as neither seconds nor a phrase (only a leading + is allowed)',
    (input) => {
      expect(parseLifetime(input)).toEqual({ error: 'must be seconds or a phrase like "+2 hours"' });
    },
  );

  it.each(['', '   ', '-2 hours', '0 hours', '1.5 hours', '2 hours,', 'hours', '2 hours ago', 'two hours'])(
    'refuses the phrase %p',
    (input) => {
      expect(parseLifetime(input)).toHaveProperty('error');
    },
  );
});

describe('resolveExpiry', () => {
  const now = Date.parse('2026-01-01T00:00:00.000Z');
  const DEFAULT = 86400;
  const MAX = 10 * 365 * 86400;

  it('refuses expires_at and expires_in given together', () => {
    expect(resolveExpiry({ expires_at: '2026-01-02T00:00:00Z', expires_in: 60 }, now, DEFAULT, MAX)).toEqual({
      field: 'expires_at',
      error: 'give expires_at or expires_in, not both',
    });
  });

  it('uses expires_at as given, truncated to whole seconds', () => {
    expect(resolveExpiry({ expires_at: '2026-01-02T00:00:00.750Z' }, now, DEFAULT, MAX)).toEqual(
      new Date('2026-01-02T00:00:00.000Z'),
    );
  });

  it.each([
    ['in the past', '2025-12-31T23:59:59Z'],
    ['exactly now', '2026-01-01T00:00:00Z'],
    ['less than a second ahead (it truncates to now)', '2026-01-01T00:00:00.900Z'],
  ])('refuses an expires_at %s', (_case, expiresAt) => {
    expect(resolveExpiry({ expires_at: expiresAt }, now, DEFAULT, MAX)).toEqual({
      field: 'expires_at',
      error: 'must be in the future',
    });
  });

  it('refuses an expires_at that is not a date', () => {
    expect(resolveExpiry({ expires_at: 'tomorrow' }, now, DEFAULT, MAX)).toEqual({
      field: 'expires_at',
      error: 'must be an ISO-8601 date-time',
    });
  });

  it.each([
    [3600, '2026-01-01T01:00:00.000Z'],
    ['+2 hours', '2026-01-01T02:00:00.000Z'],
    ['1 day 6 hours', '2026-01-02T06:00:00.000Z'],
  ])('adds expires_in %p to now', (expiresIn, expected) => {
    expect(resolveExpiry({ expires_in: expiresIn }, now, DEFAULT, MAX)).toEqual(new Date(expected));
  });

  it('counts expires_in from the start of the current second', () => {
    expect(resolveExpiry({ expires_in: 60 }, now + 400, DEFAULT, MAX)).toEqual(new Date('2026-01-01T00:01:00.000Z'));
  });

  it('uses the default lifetime when neither is given', () => {
    expect(resolveExpiry({}, now, DEFAULT, MAX)).toEqual(new Date('2026-01-02T00:00:00.000Z'));
  });

  it('reports a bad expires_in on the expires_in field', () => {
    expect(resolveExpiry({ expires_in: '3 lightyears' }, now, DEFAULT, MAX)).toEqual({
      field: 'expires_in',
      error: "unknown unit 'lightyears'",
    });
  });

  it.each([
    ['expires_in at the cap', { expires_in: 3600 }, new Date('2026-01-01T01:00:00.000Z')],
    [
      'expires_in one second over the cap',
      { expires_in: 3601 },
      { field: 'expires_in', error: 'must be at most 3600 seconds from now' },
    ],
    ['expires_at at the cap', { expires_at: '2026-01-01T01:00:00Z' }, new Date('2026-01-01T01:00:00.000Z')],
    [
      'expires_at one second over the cap',
      { expires_at: '2026-01-01T01:00:01Z' },
      { field: 'expires_at', error: 'must be at most 3600 seconds from now' },
    ],
  ])('caps the lifetime at maxSeconds: %s', (_case, request, expected) => {
    expect(resolveExpiry(request, now, DEFAULT, 3600)).toEqual(expected);
  });
});
