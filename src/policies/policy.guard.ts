import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../common/principal';
import { DomainError } from '../common/errors';
import { ACCESS_KEY, AccessDeclaration } from '../common/access';
import { resolveResource } from './resources';
import { PolicyService } from './policy.service';

export class UndeclaredAccessError extends DomainError {
  constructor() {
    super('access_denied', 'This route declares no access rule, so it is denied.');
  }
}

/**
 * Authorization, after JwtAuthGuard has established who the caller is. Reads the route's one
 * access declaration; a route that declares nothing is denied, never allowed.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policies: PolicyService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw new UndeclaredAccessError();
    if (access.kind !== 'policy') return true;
    const request = context.switchToHttp().getRequest<{ user: Principal; params: Record<string, string> }>();
    this.policies.require(request.user, access.action, resolveResource(access.resource, request.params ?? {}));
    return true;
  }
}
