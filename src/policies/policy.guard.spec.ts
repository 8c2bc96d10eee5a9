import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../common/principal';
import { AccessDeniedError } from '../common/errors';
import { Public, RequirePolicy, SkipPolicy } from '../common/access';
import { ServerEnvironment } from '../common/environment';
import type { ConfigService } from '../config/config.service';
import { FakeClock } from '../../test/fake-clock';
import { effectiveOf } from './language/testing';
import { PolicyLanguageOptions } from './language-options';
import { PolicyEvaluator } from './policy-evaluator';
import type { PolicySnapshots } from './policy-snapshot';
import { openApiPath, PolicyGuard, UndeclaredAccessError } from './policy.guard';

class Routes {
  undeclared() {}
  @Public()
  open() {}
  @SkipPolicy('the service checks ownership')
  skipped() {}
  @RequirePolicy('ListTokens', 'User:{id}')
  tokens() {}
}

const caller = {
  userId: 'u1',
  username: 'jane',
  email: 'jane@example.com',
  roles: ['editor'],
  ip: '10.1.2.3',
  claims: { sub: 'u1', token_use: 'access', dept: 'security' },
} as unknown as Principal;

const SELF_TOKENS = { Statement: { Effect: 'allow', Resource: 'User:${USER.id}', Action: 'ListTokens' } };

function guardWith(...documents: unknown[]): PolicyGuard {
  const effective = effectiveOf(...documents.map((document) => ({ document })));
  const snapshots = {
    effectiveFor: () => effective,
    refreshIfStale: () => Promise.resolve(),
  } as unknown as PolicySnapshots;
  const environment = new ServerEnvironment({});
  const config = { get: () => undefined } as unknown as ConfigService;
  const evaluator = new PolicyEvaluator(
    snapshots,
    new FakeClock(),
    config,
    new PolicyLanguageOptions(environment),
    environment,
  );
  return new PolicyGuard(new Reflector(), evaluator, snapshots);
}

function contextFor(handler: keyof Routes, params: Record<string, string> = {}, method = 'GET'): ExecutionContext {
  const request = {
    user: caller,
    params,
    query: {},
    headers: {},
    method,
    url: '/api/v1/users/u1/tokens',
    routeOptions: { url: '/api/v1/users/:id/tokens' },
  };
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('PolicyGuard', () => {
  it('denies a route that declares no access rule with 403, never lets it through', async () => {
    const guard = guardWith({ Statement: { Effect: 'allow', Resource: '*', Action: '*' } });
    await expect(guard.canActivate(contextFor('undeclared'))).rejects.toThrow(UndeclaredAccessError);
    await expect(guard.canActivate(contextFor('undeclared'))).rejects.toThrow(
      expect.objectContaining({ status: 403, code: 'access_denied' }),
    );
  });

  it('lets public and skip-policy routes through to their handler with no policy at all', async () => {
    const guard = guardWith();
    expect(await guard.canActivate(contextFor('open'))).toBe(true);
    expect(await guard.canActivate(contextFor('skipped'))).toBe(true);
  });

  it("allows the route's action only on the resource its policies allow, filled from the route parameters", async () => {
    const guard = guardWith(SELF_TOKENS);
    expect(await guard.canActivate(contextFor('tokens', { id: 'u1' }))).toBe(true);
    await expect(guard.canActivate(contextFor('tokens', { id: 'u2' }))).rejects.toThrow(AccessDeniedError);
  });

  it('denies by default: no policy, no access', async () => {
    await expect(guardWith().canActivate(contextFor('tokens', { id: 'u1' }))).rejects.toThrow(
      expect.objectContaining({ code: 'access_denied', message: expect.stringContaining('ListTokens') }),
    );
  });

  it('refuses on a matching Route deny before the action check, also on a skip-policy route', async () => {
    const routeDeny = { Statement: { Effect: 'deny', Resource: 'Route:/api/v1/users/{id}/tokens:GET' } };
    const guard = guardWith(SELF_TOKENS, routeDeny);
    await expect(guard.canActivate(contextFor('tokens', { id: 'u1' }))).rejects.toThrow(AccessDeniedError);
    await expect(guard.canActivate(contextFor('skipped'))).rejects.toThrow(AccessDeniedError);
    expect(await guard.canActivate(contextFor('tokens', { id: 'u1' }, 'POST'))).toBe(true);
    await expect(guard.canActivate(contextFor('tokens', { id: 'u1' }, 'HEAD'))).rejects.toThrow(AccessDeniedError);
  });

  it('decides on the token claims of the request (JWT marker)', async () => {
    const byDept = {
      Statement: {
        Effect: 'allow',
        Resource: 'User:*',
        Action: 'ListTokens',
        Condition: { Equals: { '${JWT.dept}': 'security' } },
      },
    };
    expect(await guardWith(byDept).canActivate(contextFor('tokens', { id: 'u9' }))).toBe(true);
  });

  it('writes a Fastify route path the way the OpenAPI document does', () => {
    expect(openApiPath('/api/v1/users/:id/policies/:policyId')).toBe('/api/v1/users/{id}/policies/{policyId}');
  });
});
