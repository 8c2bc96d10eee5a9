import { decideRefresh } from './refresh-decision';

describe('decideRefresh', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const later = new Date('2026-12-31T00:00:00Z');
  const live = { revoked: false, expiresAt: later };
  const spentAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it('rotates the current token of a live family', () => {
    expect(decideRefresh({ spentAt: null, succeededByCurrent: false }, live, now, 10, true)).toBe('rotate');
  });

  it('retries the spent parent of the current token up to and including the interval', () => {
    expect(decideRefresh({ spentAt: spentAgo(10), succeededByCurrent: true }, live, now, 10, true)).toBe('retry');
    expect(decideRefresh({ spentAt: spentAgo(10.001), succeededByCurrent: true }, live, now, 10, true)).toBe('reuse');
  });

  it('calls any other spent token reuse', () => {
    expect(decideRefresh({ spentAt: spentAgo(1), succeededByCurrent: false }, live, now, 10, true)).toBe('reuse');
    expect(decideRefresh({ spentAt: spentAgo(1), succeededByCurrent: true }, live, now, 0, true)).toBe('reuse');
  });

  it('refuses everything in a revoked or expired family, or for an account that cannot act, without a reuse alarm', () => {
    const spent = { spentAt: spentAgo(100), succeededByCurrent: false };
    const current = { spentAt: null, succeededByCurrent: false };
    for (const token of [spent, current]) {
      expect(decideRefresh(token, { revoked: true, expiresAt: later }, now, 10, true)).toBe('invalid');
      expect(decideRefresh(token, { revoked: false, expiresAt: now }, now, 10, true)).toBe('invalid');
      expect(decideRefresh(token, live, now, 10, false)).toBe('invalid');
    }
  });
});
