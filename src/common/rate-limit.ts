import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const RATE_LIMIT_KEY = 'rate-limit';
/** Names the limit in the OpenAPI document; markRateLimits (openapi.ts) turns it into the 429 and the headers. */
export const RATE_LIMIT_EXTENSION = 'x-rate-limit';

/**
 * The limits of public routes (authenticated ones are counted per token without a declaration):
 * `login` per client IP (service.rate_limit.login), `refresh` per refresh token
 * (service.rate_limit.refresh). `lockout`: the route is a password login, subject to
 * service.secure_login's per-account lockout. Enforced by ratelimit/'s guard.
 */
export interface RateLimitDeclaration {
  limit: 'login' | 'refresh';
  lockout?: boolean;
}

export const RateLimit = (limit: RateLimitDeclaration['limit'], options: { lockout?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, { limit, ...options } satisfies RateLimitDeclaration),
    ApiExtension(RATE_LIMIT_EXTENSION, { limit, lockout: options.lockout === true }),
  );
