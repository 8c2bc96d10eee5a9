/**
 * A fixed window of the server's clock: `index` counts windows since the epoch, so every instance
 * (and a test that moves its fake clock) agrees on which window a moment falls in, and a counter's
 * key names its window instead of relying on the store's own expiry (which runs on real time).
 */
export interface Window {
  index: number;
  /** Unix seconds at which the window ends (the next one starts). */
  end: number;
  /** Whole seconds until then, at least 1. */
  secondsLeft: number;
}

export function windowAt(nowSeconds: number, lengthSeconds: number): Window {
  const index = Math.floor(nowSeconds / lengthSeconds);
  const end = (index + 1) * lengthSeconds;
  return { index, end, secondsLeft: Math.max(1, end - nowSeconds) };
}
