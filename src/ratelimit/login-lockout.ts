import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { LoginAttempts } from '../common/login-attempts';
import { ConfigService } from '../config/config.service';
import { loginIdentifier } from '../users/credentials';
import { UsersService } from '../users/users.service';
import { RateLimitCounters } from './counters';
import { AccountLockedError } from './errors';
import { windowAt } from './windows';

/**
 * Brute-force lockout per account (service.secure_login): failed password logins for one
 * username or email are counted in fixed windows of time_window seconds; the login_attempts-th
 * locks it for time_window seconds from then. By the time the lock ends its window has too, so the
 * account has its attempts again. Keyed by what was typed, not by the account, so an unknown
 * name locks alike and the answer tells nothing about which accounts exist; hashed, so the store
 * holds no usernames and a key's length is bounded whatever was sent. Counted in the same store
 * as the rate limits: shared by every instance through Redis.
 */
@Injectable()
export class LoginLockout implements LoginAttempts {
  constructor(
    private readonly config: ConfigService,
    private readonly counters: RateLimitCounters,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** Refuses a login for an account that is locked now (nothing when the lockout is off). */
  async refuseIfLocked(identifier: unknown): Promise<void> {
    const account = this.accountOf(identifier);
    if (!account) return;
    const until = await this.counters.read(`locked:${account}`);
    const now = this.clock.nowSeconds();
    if (until > now) throw new AccountLockedError(until - now);
  }

  /** A wrong password (or an unknown name) for `identifier`: counts it, and locks at the limit. */
  async failed(identifier: string, ip: string): Promise<void> {
    const account = this.accountOf(identifier);
    if (!account) return;
    const length = this.config.get('service.secure_login.time_window');
    const attempts = this.config.get('service.secure_login.login_attempts');
    const now = this.clock.nowSeconds();
    const window = windowAt(now, length);
    const failures = `failures:${account}:${window.index}`;
    const count = await this.counters.increment(failures, window.secondsLeft);
    if (count < attempts) return;
    const until = now + length;
    await this.counters.write(`locked:${account}`, until, length);
    // Failures racing past the limit lock too; the one that reached it is the one recorded.
    if (count !== attempts) return;
    // Which account, for the administrator (as login_failed records it): one lookup, once per lockout.
    const user = await this.users.findByLogin(identifier);
    await this.audit.record({
      type: 'rate_limited',
      userId: user?.id ?? null,
      ip,
      reason: 'account_locked',
      detail: { limit: 'login_attempts', attempts, locked_until: new Date(until * 1000).toISOString() },
    });
  }

  /** A successful login starts the account's count afresh. */
  async succeeded(identifier: string): Promise<void> {
    const account = this.accountOf(identifier);
    if (!account) return;
    const window = windowAt(this.clock.nowSeconds(), this.config.get('service.secure_login.time_window'));
    await this.counters.remove(`failures:${account}:${window.index}`);
  }

  private accountOf(identifier: unknown): string | undefined {
    if (!this.config.get('service.secure_login.brute_force_lockout') || typeof identifier !== 'string')
      return undefined;
    return createHash('sha256').update(loginIdentifier(identifier), 'utf8').digest('base64url');
  }
}
