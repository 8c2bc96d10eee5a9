import type { FastifyRequest } from 'fastify';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError, CredentialRequiredError, DomainError } from '../common/errors';
import { ConfigService } from '../config/config.service';
import { ServerEnvironment } from '../common/environment';
import { ownOrigins } from '../config/public-origin';
import { ACCESS_KEY, AccessDeclaration, admitByAddress } from '../common/access';
import { addressInList } from '../common/address-list';
import { clientIpOf } from '../common/client-ip';
import { cookieRequestAllowed, CsrfRejectedError, OriginHeaders } from './csrf';
import type { Principal } from '../common/principal';
import { JwtStrategy, NO_TOKEN } from './jwt.strategy';

interface AuthenticatedRequest {
  method: string;
  ip: string;
  headers: OriginHeaders;
  query?: Record<string, unknown>;
  user?: Principal;
}

/**
 * Authentication only: establishes who the caller is (passport-jwt + TokenValidationService).
 * Public routes skip it; every other route needs a usable bearer token or gets a 401.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ConfigService,
    private readonly env: ServerEnvironment,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (access?.kind === 'policy' && access.orFromAddressesIn) {
      // An allow-listed address needs no token, and whatever token it sends is not looked at.
      if (addressInList(clientIpOf(request as unknown as FastifyRequest), this.config.get(access.orFromAddressesIn))) {
        admitByAddress(request);
        return true;
      }
    }
    const principal = await this.authenticate(request, context.switchToHttp().getResponse());
    request.user = principal;
    this.dropTokenFromQuery(request);
    this.checkCookieOrigin(principal, request);
    return true;
  }

  /**
   * Runs the strategy through this app's passport (what AuthGuard('jwt') does through passport's
   * process-wide one, where a second app's strategy would replace this one's).
   */
  private async authenticate(request: AuthenticatedRequest, reply: unknown): Promise<Principal> {
    const [error, user, info] = await new Promise<[unknown, Principal | false, unknown]>((resolve, reject) => {
      const middleware = this.strategy.passport.authenticate(
        'jwt',
        { session: false },
        (...outcome: [unknown, Principal | false, unknown]) => resolve(outcome),
      ) as (request: unknown, reply: unknown, next: () => void) => void;
      // With a callback passport answers every outcome through it; next runs only if a strategy passes, which this one never does.
      middleware(request, reply, () => reject(new Error('the JWT strategy neither accepted nor refused the request')));
    });
    return this.handleRequest(error, user, info);
  }

  /** A cross-site page can make the browser send the cookie; it cannot make it send our Origin. */
  private checkCookieOrigin(principal: Principal, request: AuthenticatedRequest): void {
    if (principal.tokenContainer !== 'cookie') return;
    const allowed = [
      ...ownOrigins(this.config.get('service.public_url'), this.env.port),
      ...this.config.get('service.jwt.cookie_origin_allowlist'),
    ];
    if (!cookieRequestAllowed(request.method, request.headers, allowed)) throw new CsrfRejectedError();
  }

  private handleRequest(error: unknown, user: Principal | false, info: unknown): Principal {
    if (error instanceof DomainError) throw error;
    if (info instanceof DomainError) throw info;
    if (info instanceof Error && info.message === NO_TOKEN) throw new CredentialRequiredError();
    // Anything else that went wrong while validating (the database does not answer) is not the token's fault.
    // Not `instanceof Error`: a driver's error may come from another realm (Node's core under Jest).
    if (typeof error === 'object' && error !== null) throw error as Error;
    if (error) throw new Error('the JWT strategy failed with a non-Error value');
    if (!user) throw new AuthenticationError('invalid_token', 'The token could not be verified.');
    return user;
  }

  /** The token's query parameter is a credential, not an input of the route: keep it away from query validation. */
  private dropTokenFromQuery(request: AuthenticatedRequest): void {
    if (request.query && typeof request.query === 'object')
      delete request.query[this.config.get('service.jwt.query_param_name')];
  }
}
