import { Global, Module } from '@nestjs/common';
import { EventRelay } from './event-relay';
import { RedisConnection } from './redis-connection';

/** The Redis connection (REDIS_URL), for rate limits and readiness, and the relay of change events between instances. */
@Global()
@Module({ providers: [RedisConnection, EventRelay], exports: [RedisConnection, EventRelay] })
export class RedisModule {}
