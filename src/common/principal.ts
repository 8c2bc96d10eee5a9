import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { clientIpOf } from './client-ip';
import type { TokenClaims } from './token-claims';

/** Where in the request the bearer token was found. */
export type TokenContainer = 'header' | 'query_param' | 'cookie';

/** The authenticated caller: the account the token represents, checked on this request. */
export interface Principal {
  userId: string;
  username: string;
  email: string;
  roles: string[];
  claims: TokenClaims;
  ip: string;
  /** A browser sends the cookie on cross-site requests by itself, so cookie-borne calls get an origin check. */
  tokenContainer: TokenContainer;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ user: Principal }>().user;
});

/** The client address for audit records (X-Forwarded-For only counts behind a trusted proxy: client-ip.ts). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return clientIpOf(context.switchToHttp().getRequest<FastifyRequest>());
});
