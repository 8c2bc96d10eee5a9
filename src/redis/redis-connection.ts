import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { ServerEnvironment } from '../common/environment';
import { parseRedisUrl } from './redis-url';

export type RedisClient = Redis | Cluster;

/**
 * Commands fail at once while Redis is unreachable instead of queueing: every user of Redis here
 * has a per-instance fallback (rate limits count in memory, caches expire on their TTL), and a
 * request must not wait for a server that is down. Reconnection goes on forever in the background.
 */
const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2000),
};

/**
 * The process's Redis connections when REDIS_URL is set (`client` for commands, `subscriber`
 * for pub/sub, which takes a connection of its own), or nothing when it is not. Tells the log
 * once when Redis goes away and once when it is back, however often ioredis retries between.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: RedisClient | null;
  private subscriberClient?: RedisClient;
  private up = false;
  private downSince?: number;
  private closing = false;

  constructor(env: ServerEnvironment) {
    this.client = env.redisUrl ? this.connect(env.redisUrl, 'commands') : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** Whether the command connection is ready now (false when Redis is not configured). */
  get ready(): boolean {
    return this.up;
  }

  /** A second connection for SUBSCRIBE (a subscribed connection can run nothing else), made on first use. */
  subscriber(): RedisClient | null {
    if (!this.client) return null;
    // Unlike commands, SUBSCRIBE may wait for the connection: it is sent once it is up, and again after each reconnect.
    this.subscriberClient ??=
      this.client instanceof Cluster
        ? this.client.duplicate([], { enableOfflineQueue: true })
        : this.client.duplicate({ enableOfflineQueue: true });
    return this.subscriberClient;
  }

  onApplicationShutdown(): void {
    this.closing = true;
    for (const client of [this.client, this.subscriberClient]) client?.disconnect();
  }

  private connect(url: string, role: string): RedisClient {
    const target = parseRedisUrl(url);
    const client =
      target.mode === 'standalone'
        ? new Redis(target.url, FAIL_FAST)
        : target.mode === 'sentinel'
          ? new Redis({ ...FAIL_FAST, ...target.options, sentinels: target.sentinels, name: target.name })
          : new Cluster(target.nodes, { enableOfflineQueue: false, redisOptions: { ...FAIL_FAST, ...target.options } });
    client.on('ready', () => {
      this.up = true;
      if (this.downSince !== undefined) this.logger.log(`Redis is reachable again (${role}); shared state resumes`);
      this.downSince = undefined;
    });
    // ioredis emits an error per failed attempt; one line per outage is what an operator needs.
    client.on('error', (error: Error) => {
      this.markDown(`${role}: ${error.message}`);
    });
    client.on('end', () => this.markDown(`${role}: connection closed`));
    client.on('close', () => this.markDown(`${role}: connection closed`));
    return client;
  }

  private markDown(why: string): void {
    this.up = false;
    if (this.closing || this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.logger.warn(`Redis is unreachable (${why}); falling back to per-instance state until it is back`);
  }
}
