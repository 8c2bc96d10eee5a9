import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticationError, CredentialRequiredError, DomainError } from '../common/errors';
import { ConfigService } from '../config/config.service';
import { ServerEnvironment } from '../common/environment';
import { ownOrigins } from '../config/public-origin';
import { ACCESS_KEY, AccessDeclaration } from '../common/access';
import { cookieRequestAllowed, CsrfRejectedError, OriginHeaders } from './csrf';
import type { Principal } from '../common/principal';

interface AuthenticatedRequest {
  method: string;
  headers: OriginHeaders;
  query?: Record<string, unknown>;
  user: Principal;
}

/**
 * Authentication only: establishes who the caller is (passport-jwt + TokenValidationService).
 * Public routes skip it; every other route needs a usable bearer token or gets a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ConfigService,
    private readonly env: ServerEnvironment,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access?.kind === 'public') return true;
    const result = (await super.canActivate(context)) as boolean;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    this.dropTokenFromQuery(request);
    this.checkCookieOrigin(request);
    return result;
  }

  /** A cross-site page can make the browser send the cookie; it cannot make it send our Origin. */
  private checkCookieOrigin(request: AuthenticatedRequest): void {
    if (request.user.tokenContainer !== 'cookie') return;
    const allowed = [
      ...ownOrigins(this.config.get('service.public_url'), this.env.port),
      ...this.config.get('service.jwt.cookie_origin_allowlist'),
    ];
    if (!cookieRequestAllowed(request.method, request.headers, allowed)) throw new CsrfRejectedError();
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error instanceof DomainError) throw error;
    if (info instanceof DomainError) throw info;
    if (info instanceof Error && info.message === 'No auth token') throw new CredentialRequiredError();
    if (error || !user) throw new AuthenticationError('invalid_token', 'The token could not be verified.');
    return user;
  }

  /** The token's query parameter is a credential, not an input of the route: keep it away from query validation. */
  private dropTokenFromQuery(request: AuthenticatedRequest): void {
    if (request.query && typeof request.query === 'object')
      delete request.query[this.config.get('service.jwt.query_param_name')];
  }
}
