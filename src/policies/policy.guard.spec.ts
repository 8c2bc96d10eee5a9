import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../common/principal';
import { AccessDeniedError } from '../common/errors';
import { Public, RequirePolicy, SkipPolicy } from '../common/access';
import { PolicyGuard, UndeclaredAccessError } from './policy.guard';
import { PolicyService } from './policy.service';

class Routes {
  undeclared() {}
  @Public()
  open() {}
  @SkipPolicy('the service checks ownership')
  skipped() {}
  @RequirePolicy('ListTokens', 'User:{id}')
  tokens() {}
}

const caller = { userId: 'u1', roles: [] } as unknown as Principal;

function contextFor(handler: keyof Routes, params: Record<string, string> = {}): ExecutionContext {
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ user: caller, params }) }),
  } as unknown as ExecutionContext;
}

describe('PolicyGuard', () => {
  const policies = new PolicyService();
  const guard = new PolicyGuard(new Reflector(), policies);

  it('denies a route that declares no access rule with 403, never lets it through', () => {
    expect(() => guard.canActivate(contextFor('undeclared'))).toThrow(UndeclaredAccessError);
    expect(() => guard.canActivate(contextFor('undeclared'))).toThrow(
      expect.objectContaining({ status: 403, code: 'access_denied' }),
    );
  });

  it('lets public and skip-policy routes through to their handler', () => {
    expect(guard.canActivate(contextFor('open'))).toBe(true);
    expect(guard.canActivate(contextFor('skipped'))).toBe(true);
  });

  it("asks the policies about the route's action on the resource filled from the route parameters", () => {
    const require = jest.spyOn(policies, 'require');
    expect(guard.canActivate(contextFor('tokens', { id: 'u1' }))).toBe(true);
    expect(require).toHaveBeenLastCalledWith(caller, 'ListTokens', 'User:u1');
    expect(() => guard.canActivate(contextFor('tokens', { id: 'u2' }))).toThrow(AccessDeniedError);
  });
});
