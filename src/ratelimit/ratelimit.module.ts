import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { PoliciesModule } from '../policies/policies.module';
import { UsersModule } from '../users/users.module';
import { RateLimitCounters } from './counters';
import { LoginLockout } from './login-lockout';
import { LoginOutcomeInterceptor } from './login-outcome.interceptor';
import { RateLimitGuard } from './rate-limit.guard';

/** Rate limits and the login lockout; the guard and the interceptor are app-wide (app.module.ts). */
@Module({
  imports: [ConfigModule, PoliciesModule, UsersModule],
  providers: [RateLimitCounters, LoginLockout, RateLimitGuard, LoginOutcomeInterceptor],
  exports: [RateLimitGuard, LoginOutcomeInterceptor, RateLimitCounters],
})
export class RateLimitModule {}
