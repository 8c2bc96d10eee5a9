/**
 * How a password login tells the brute-force lockout how it ended. The lockout lives in
 * ratelimit/, above auth/, so auth/ calls this port and ratelimit/ provides it (RateLimitModule).
 * The login reports its own outcome: an app-wide interceptor would cost every other route an
 * Observable pipeline per request for the sake of one route.
 */
export abstract class LoginAttempts {
  /** A wrong password or an unknown name for `identifier` (what was typed). */
  abstract failed(identifier: string, ip: string): Promise<void>;
  /** A successful login as `identifier`: its count starts afresh. */
  abstract succeeded(identifier: string): Promise<void>;
}
