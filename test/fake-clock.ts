import { Clock } from '../src/common/clock';

/** A clock tests move by hand: no sleeping to reach an expiry. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start = Date.now()) {
    super();
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}

/**
 * Fakes setInterval and clearInterval only (the server's reload and retention jobs), so a test
 * can fire them by hand while the app's database and HTTP I/O and the fixture's own waits keep
 * real time. Undo with `jest.useRealTimers()`.
 */
export function fakeIntervalsOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
