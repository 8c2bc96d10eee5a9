import { Global, Module } from '@nestjs/common';
import { LoginAttempts } from '../common/login-attempts';
import { ConfigModule } from '../config/config.module';
import { PoliciesModule } from '../policies/policies.module';
import { UsersModule } from '../users/users.module';
import { RateLimitCounters } from './counters';
import { LoginLockout } from './login-lockout';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Rate limits and the login lockout. The guard is app-wide (app.module.ts); global so that auth/'s
 * login finds the lockout behind its LoginAttempts port.
 */
@Global()
@Module({
  imports: [ConfigModule, PoliciesModule, UsersModule],
  providers: [RateLimitCounters, LoginLockout, RateLimitGuard, { provide: LoginAttempts, useExisting: LoginLockout }],
  exports: [RateLimitGuard, RateLimitCounters, LoginAttempts],
})
export class RateLimitModule {}
