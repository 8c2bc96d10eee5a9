import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';

/** A scrape must answer even while the database hangs: a ping that takes longer counts as down. */
export const DATABASE_PING_TIMEOUT_MS = 1000;

/** Whether the database and Redis answer, found out when scraped (a ping; Redis's connection state). */
@Injectable()
export class DependencyMetrics {
  constructor(registry: Registry, dataSource: DataSource, redis: RedisConnection) {
    new Gauge({
      name: 'jam_database_up',
      help: `1 when the database answered a ping (SELECT 1) within ${DATABASE_PING_TIMEOUT_MS} ms at scrape time, else 0.`,
      registers: [registry],
      async collect() {
        this.set((await ping(dataSource)) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'jam_redis_enabled',
      help: '1 when REDIS_URL is set (rate limits and change events shared between instances), else 0.',
      registers: [registry],
      collect() {
        this.set(redis.enabled ? 1 : 0);
      },
    });
    new Gauge({
      name: 'jam_redis_up',
      help: '1 when the Redis command connection is ready, else 0 (also 0 without REDIS_URL: see jam_redis_enabled).',
      registers: [registry],
      collect() {
        this.set(redis.ready ? 1 : 0);
      },
    });
  }
}

async function ping(dataSource: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([dataSource.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
