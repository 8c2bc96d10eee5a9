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
