import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { clientIpOf } from '../common/client-ip';
import { DomainError } from '../common/errors';
import type { RateLimitDeclaration } from '../common/rate-limit';
import { RATE_LIMIT_KEY } from '../common/rate-limit';
import { LoginLockout } from './login-lockout';

/**
 * Tells the lockout how a password login ended (auth/ sits below this module and does not know
 * it): a wrong password or unknown name counts, a success resets. The body has passed validation
 * by the time the handler answers, so the username is the one login looked up.
 */
@Injectable()
export class LoginOutcomeInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly lockout: LoginLockout,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const declared = this.reflector.getAllAndOverride<RateLimitDeclaration | undefined>(RATE_LIMIT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!declared?.lockout) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const username = (request.body as { username?: unknown } | undefined)?.username;
    if (typeof username !== 'string') return next.handle();
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        await this.lockout.succeeded(username);
        return answer;
      }),
      catchError((error: unknown) => {
        const counts = error instanceof DomainError && error.code === 'invalid_credentials';
        const recorded = counts ? from(this.lockout.failed(username, clientIpOf(request))) : from([undefined]);
        return recorded.pipe(concatMap(() => throwError(() => error)));
      }),
    );
  }
}
