import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../common/principal';
import { AccessDeniedError, DomainError } from '../common/errors';
import { ACCESS_KEY, AccessDeclaration, isAdmittedByAddress } from '../common/access';
import type { RequestFacts } from './policy-context';
import { PolicyEvaluator } from './policy-evaluator';
import { PolicySnapshots } from './policy-snapshot';
import { resolveResource } from './resources';

export class UndeclaredAccessError extends DomainError {
  constructor() {
    super('access_denied', 'This route declares no access rule, so it is denied.');
  }
}

type GuardedRequest = FastifyRequest & { user?: Principal; params: Record<string, string | undefined> };

/** `/api/v1/users/:id` (Fastify) → `/api/v1/users/{id}` (the OpenAPI document, which `Route:` resources use). */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Authorization, after JwtAuthGuard has established who the caller is. Reads the route's one
 * access declaration (a route that declares nothing is denied, never allowed); for every
 * authenticated route a `Route:` deny refuses first, then a policy route needs its action allowed.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly evaluator: PolicyEvaluator,
    private readonly snapshots: PolicySnapshots,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw new UndeclaredAccessError();
    if (access.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // Admitted by its address under the route's own declaration: there is no principal to judge.
    if (isAdmittedByAddress(request)) return true;
    await this.snapshots.refreshIfStale();
    const principal = request.user!;
    const facts: RequestFacts = {
      query: request.query as RequestFacts['query'],
      headers: request.headers,
      params: request.params ?? {},
    };
    const path = openApiPath(request.routeOptions.url ?? request.url);
    // HEAD runs the GET handler (Fastify answers it from GET), so a GET restriction covers it.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = this.evaluator.checkRoute(principal, path, method, facts);
    if (route.decision === 'deny') throw new AccessDeniedError(method, `Route:${path}`);
    if (access.kind === 'skip') return true;
    const resource = resolveResource(access.resource, request.params ?? {});
    this.evaluator.require(principal, access.action, resource, facts);
    return true;
  }
}
