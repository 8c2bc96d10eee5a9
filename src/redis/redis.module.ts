import { Global, Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection';

/** The Redis connection (REDIS_URL), for rate limits, the change events between instances and readiness. */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
