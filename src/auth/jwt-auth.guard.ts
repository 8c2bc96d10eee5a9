import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticationError, DomainError } from '../common/errors';
import { ConfigService } from '../config/config.service';
import { ACCESS_KEY, AccessDeclaration } from '../policies/access.decorators';

/**
 * Authentication only: establishes who the caller is (passport-jwt + TokenValidationService).
 * Public routes skip it; every other route needs a usable bearer token or gets a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ConfigService,
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
    this.dropTokenFromQuery(context.switchToHttp().getRequest());
    return result;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error instanceof DomainError) throw error;
    if (info instanceof DomainError) throw info;
    if (error || !user) {
      throw new AuthenticationError(
        'invalid_token',
        info instanceof Error && info.message === 'No auth token'
          ? 'A bearer token is required.'
          : 'The token could not be verified.',
      );
    }
    return user;
  }

  /** The token's query parameter is a credential, not an input of the route: keep it away from query validation. */
  private dropTokenFromQuery(request: { query?: Record<string, unknown> }): void {
    if (request.query && typeof request.query === 'object')
      delete request.query[this.config.get('service.jwt.query_param_name')];
  }
}
