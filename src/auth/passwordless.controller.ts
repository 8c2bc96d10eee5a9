import { Controller, Get, Headers, HttpCode, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access';
import { RateLimit } from '../common/rate-limit';
import { ServerEnvironment } from '../common/environment';
import { ValidationFailedError } from '../common/errors';
import { NoStore } from '../common/no-store';
import { ClientIp } from '../common/principal';
import { ProblemDto } from '../common/problem.dto';
import { ConfigService } from '../config/config.service';
import { ownOrigins, publicOrigin } from '../config/public-origin';
import { AuthService } from './auth.service';
import { JwtLoginQueryDto, SessionDto } from './dto/auth.dto';
import { checkLoginRedirect } from './login-redirect';

/**
 * AAM's passwordless login: the signed URL the registry hands out (`?fields=signed_url`) signs
 * its holder in. It works until its token expires or is revoked, like AAM's (not single-use).
 */
@ApiTags('auth')
@NoStore()
@Controller('auth')
export class PasswordlessController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService,
    private readonly env: ServerEnvironment,
  ) {}

  @Get('jwt-login')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({
    operationId: 'jwtLogin',
    summary: 'Sign in with a signed login URL (an API token in ?jwt=)',
    description:
      'With Accept: application/json, answers a new session pair. Otherwise redirects to redirect_to (a path on ' +
      'this server or a URL on an origin in service.jwt.login_redirect_allowlist; default /console) with the pair ' +
      'in the URL fragment, which browsers never send to a server.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'With Accept: application/json.' })
  @ApiFoundResponse({
    description:
      'To redirect_to, the pair in the fragment (access_token, token_type, expires_in, refresh_token, refresh_expires_in).',
    headers: { Location: { description: 'redirect_to with the session in its fragment.', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'A redirect_to that is not allowed, or a missing jwt.' })
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description: 'The token is not a usable API token (expired, revoked, forged, account blocked, ...).',
  })
  async login(
    @Query() query: JwtLoginQueryDto,
    @Headers('accept') accept: string | undefined,
    @ClientIp() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | undefined> {
    const wantsJson = /\bapplication\/json\b/i.test(accept ?? '');
    // The target is checked before the token is used: a refused redirect starts no session.
    const target = wantsJson
      ? undefined
      : checkLoginRedirect(
          query.redirect_to,
          publicOrigin(this.config.get('service.public_url'), this.env.port),
          // The server's own origins are the ones the cookie's cross-site check knows (loopback by name and address).
          [
            ...ownOrigins(this.config.get('service.public_url'), this.env.port),
            ...this.config.get('service.jwt.login_redirect_allowlist'),
          ],
        );
    if (target && !target.ok) throw new ValidationFailedError([{ field: 'redirect_to', message: target.reason }]);
    // Fastify answers HEAD on GET routes; a link preview or a prefetch must not start a session.
    if (request.method === 'HEAD') return undefined;
    const session = await this.auth.passwordlessLogin(query.jwt, ip);
    if (!target) return session;
    const fragment = new URLSearchParams(Object.entries(session).map(([key, value]) => [key, String(value)]));
    reply
      .status(302)
      .header('location', `${target.url.href}#${fragment.toString()}`)
      .header('referrer-policy', 'no-referrer');
    return undefined;
  }
}
