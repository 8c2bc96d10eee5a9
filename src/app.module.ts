import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { ServerEnvironment } from './common/environment';
import { EnvironmentModule } from './common/environment.module';
import { MediaTypeGuard } from './common/media-type.guard';
import { ProblemFilter } from './common/problem.filter';
import { UnknownQueryGuard } from './common/unknown-query.guard';
import { StrictValidationPipe } from './common/validation';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { KeysModule } from './keys/keys.module';
import { MetricsModule } from './metrics/metrics.module';
import { PoliciesModule } from './policies/policies.module';
import { PolicyGuard } from './policies/policy.guard';
import { RateLimitModule } from './ratelimit/ratelimit.module';
import { RateLimitGuard } from './ratelimit/rate-limit.guard';
import { RedisModule } from './redis/redis.module';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(env: ServerEnvironment, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvironmentModule.forRoot(env),
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        CommonModule.forRoot(clock),
        DatabaseModule,
        RedisModule,
        AuditModule,
        ConfigModule,
        KeysModule,
        PoliciesModule,
        UsersModule,
        TokensModule,
        AuthModule,
        RateLimitModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [
        // Guard order matters: the body's media type is judged before anyone is authenticated (415
        // whoever sends it), authentication establishes the principal (and takes the token out of
        // the query), authorization judges it, the rate limit counts it (a request refused for its
        // query still counts), then leftover query parameters are checked.
        { provide: APP_GUARD, useClass: MediaTypeGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PolicyGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useClass: UnknownQueryGuard },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
