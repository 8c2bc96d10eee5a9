import { Injectable } from '@nestjs/common';

/** The one source of "now", so tests can move time with a fake clock instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
