import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { Public } from '../common/access';
import { RedisConnection } from '../redis/redis-connection';

/**
 * What terminus answers for a check of nothing, as a constant: liveness asks nothing of anyone,
 * and running terminus's machinery for it cost /health a sixth of its CPU.
 */
const LIVE: HealthCheckResult = Object.freeze({ status: 'ok', info: {}, error: {}, details: {} });

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisConnection,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers' })
  live(): HealthCheckResult {
    return LIVE;
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: the database answers (503 when it does not); Redis, when configured, shown up or degraded',
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      ...(this.redis.enabled ? [() => this.redisState()] : []),
    ]);
  }

  /**
   * Never "down": without Redis the server still serves every request, its rate limits counted
   * per instance until Redis is back (ratelimit/counters.ts), so the instance stays ready.
   */
  private redisState(): HealthIndicatorResult {
    return this.redis.ready
      ? { redis: { status: 'up', state: 'shared' } }
      : {
          redis: {
            status: 'up',
            state: 'degraded',
            message: 'Redis is unreachable: rate limits count per instance until it is back.',
          },
        };
  }
}
