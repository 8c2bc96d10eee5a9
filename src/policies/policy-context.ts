import type { Principal } from '../common/principal';
import type { PolicyContext, UserFacts } from './language';

/** The parts of an HTTP request markers may read (`${HTTP_GET.x}`, `${HTTP_HEADER.x}`, `${PARAM.x}`). */
export interface RequestFacts {
  query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  params?: Readonly<Record<string, string | undefined>>;
}

/** What the deployment lets markers read besides the request: allow-listed ENV, non-secret CONFIG. */
export interface DeploymentFacts {
  env: Readonly<Record<string, string | undefined>>;
  config: Readonly<Record<string, unknown>>;
  now: Date;
}

export function userFactsOf(principal: Principal): UserFacts {
  return {
    id: principal.userId,
    username: principal.username,
    email: principal.email,
    roles: principal.roles,
    ip: principal.ip,
    authenticated: true,
  };
}

/** One request's context: the principal as USER, its token's claims as JWT, the request's parts. */
export function contextOf(
  principal: Principal,
  request: RequestFacts | undefined,
  deployment: DeploymentFacts,
): PolicyContext {
  return {
    user: userFactsOf(principal),
    jwt: principal.claims,
    query: request?.query,
    headers: request?.headers,
    params: request?.params,
    ...deployment,
  };
}
