import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { ServerEnvironment } from '../common/environment';
import { RedisConnection } from '../redis/redis-connection';

/**
 * Counters that outlive their window by this much in the store: the key carries the window
 * (windows.ts), so this only bounds how long a finished window's count lingers, and covers clock
 * differences between instances.
 */
const LINGER_SECONDS = 60;

/**
 * The counts behind the rate limits and the lockout: in Redis when REDIS_URL is set (atomic
 * INCR with expiry, shared by every instance), else in this process. While Redis is unreachable
 * every operation falls to rate-limiter-flexible's insurance limiter, an in-process store: counts
 * become per instance until Redis answers again, which needs no restart (each operation tries
 * Redis first). The limit itself is not the library's: a limit can change at runtime and per
 * principal, so the library only counts (its own quota is out of reach) and callers compare.
 */
@Injectable()
export class RateLimitCounters {
  private readonly logger = new Logger('RateLimit');
  private readonly store: RateLimiterAbstract;
  private failing = false;

  constructor(redis: RedisConnection, env: ServerEnvironment) {
    const options = { keyPrefix: `${env.redisKeyPrefix}rl`, points: Number.MAX_SAFE_INTEGER, duration: 60 };
    this.store = redis.client
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis.client,
          // Straight to the insurance while the connection is down, instead of a command that must fail first.
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  }

  /** Adds one to `key` and answers the count so far; the count lasts `seconds` (plus a margin). */
  async increment(key: string, seconds: number): Promise<number> {
    const result = await this.guarded(() =>
      this.store.consume(key, 1, { customDuration: seconds + LINGER_SECONDS }).catch(countOf),
    );
    return result?.consumedPoints ?? 0;
  }

  /** The value of `key`, 0 when it has none. */
  async read(key: string): Promise<number> {
    return (await this.guarded(() => this.store.get(key)))?.consumedPoints ?? 0;
  }

  /** Sets `key` to `value` for `seconds` (plus a margin). */
  async write(key: string, value: number, seconds: number): Promise<void> {
    await this.guarded(() => this.store.set(key, value, seconds + LINGER_SECONDS));
  }

  async remove(key: string): Promise<void> {
    await this.guarded(() => this.store.delete(key));
  }

  /**
   * Neither Redis nor the insurance answered (which the in-process store always does): the
   * request is not limited rather than failed, and the log says so once per spell.
   */
  private async guarded<T>(operation: () => Promise<T>): Promise<T | null> {
    try {
      const result = await operation();
      this.failing = false;
      return result;
    } catch (error) {
      if (!this.failing) this.logger.error(`Rate-limit counters unavailable; not limiting: ${String(error)}`);
      this.failing = true;
      return null;
    }
  }
}

/** The library rejects with its result once the count passes its quota; here that is still a count. */
function countOf(result: unknown): RateLimiterRes {
  if (result && typeof result === 'object' && 'consumedPoints' in result) return result as RateLimiterRes;
  throw result;
}
