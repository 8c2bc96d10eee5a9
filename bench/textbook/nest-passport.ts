import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import passport from 'passport';
import type { Strategy } from 'passport';

/**
 * What `@nestjs/passport` adds to passport (that package is not installed here, so the textbook
 * app carries the same two pieces, written from its documented behaviour):
 * - `PassportStrategy(Strategy)`: a base class whose constructor passes passport a verify
 *   callback that awaits `this.validate(...)` and registers the strategy with passport's
 *   process-wide instance under the strategy's name;
 * - `AuthGuard('jwt')`: a guard that runs `passport.authenticate(name, { session: false }, cb)`
 *   as middleware on the request, throws 401 when there is no user and sets `request.user`.
 */
// A mixin's constructor must take `...args: any[]` (TypeScript's rule for mixin classes).
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */
type StrategyClass = new (...args: any[]) => Strategy;

export function PassportStrategy<T extends StrategyClass>(Base: T): new (...args: any[]) => InstanceType<T> {
  abstract class WithValidate extends Base {
    abstract validate(...args: unknown[]): unknown;

    constructor(...args: any[]) {
      const verify = (...params: unknown[]) => {
        const done = params[params.length - 1] as (error: unknown, user?: unknown) => void;
        Promise.resolve()
          .then(() => this.validate(...params.slice(0, -1)))
          .then(
            (user) => done(null, user),
            (error: unknown) => done(error, null),
          );
      };
      super(...args, verify);
      passport.use(this);
    }
  }
  return WithValidate as unknown as new (...args: any[]) => InstanceType<T>;
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */

export function AuthGuard(name: string): new () => CanActivate {
  @Injectable()
  class PassportGuard implements CanActivate {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      const request = http.getRequest<Record<string, unknown>>();
      request.user = await new Promise((resolve, reject) => {
        const middleware = passport.authenticate(name, { session: false }, (error: unknown, user: unknown) => {
          if (error || !user) reject(error instanceof Error ? error : new UnauthorizedException());
          else resolve(user);
        }) as (request: unknown, response: unknown, next: (error?: unknown) => void) => void;
        middleware(request, http.getResponse(), (error) =>
          reject(error instanceof Error ? error : new UnauthorizedException()),
        );
      });
      return true;
    }
  }
  return PassportGuard;
}
