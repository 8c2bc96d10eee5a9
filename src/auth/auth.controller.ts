import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { Consumes } from '../common/media-types';
import { NoStore } from '../common/no-store';
import { ProblemDto } from '../common/problem.dto';
import { Public, RequirePolicy, SkipPolicy } from '../common/access';
import { RateLimit } from '../common/rate-limit';
import { SessionsService } from '../sessions/sessions.service';
import { IssuedTokenDto } from '../tokens/dto/token.dto';
import { UserDto } from '../users/dto/user.dto';
import { PolicySnapshots } from '../policies/policy-snapshot';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { AuthStateCache } from './auth-state-cache';
import {
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  LogoutQueryDto,
  MeDto,
  PasswordChangedDto,
  RefreshDto,
  SessionDto,
} from './dto/auth.dto';
import { RegistryRefresh } from './registry-refresh';
import { ClientIp, CurrentPrincipal, Principal } from '../common/principal';

@ApiTags('auth')
@NoStore()
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly registryRefresh: RegistryRefresh,
    private readonly policies: PolicySnapshots,
    private readonly cache: AuthStateCache,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @RateLimit('login', { lockout: true })
  @ApiOperation({ operationId: 'login', summary: 'Log in with username (or email) and password' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description: 'invalid_credentials (the same for an unknown user and a wrong password).',
  })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'account_blocked.' })
  async login(@Body() dto: LoginDto, @ClientIp() ip: string): Promise<LoginResponseDto> {
    const { user, session } = await this.auth.login(dto.username, dto.password, ip);
    return { ...session, user: UserDto.of(user) };
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Public()
  @RateLimit('refresh')
  @Consumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    operationId: 'refresh',
    summary: 'Rotate a refresh token into a new pair (or refresh a refreshable API token)',
    description:
      'The presented refresh token is spent and the next pair of its session returned. Presenting the spent parent of ' +
      "the session's current token again within service.jwt.refresh_reuse_interval answers the current pair again; " +
      'any other reuse revokes the whole session (token_reuse_detected). With `token` instead, a refreshable API ' +
      'token is refreshed as POST /users/{id}/tokens/{jti}/refresh does (201).',
  })
  // Every field is optional on its own, but one of refresh_token and token must be there.
  @ApiBody({ type: RefreshDto, required: true })
  @ApiOkResponse({ type: SessionDto, description: 'The next pair of the session.' })
  @ApiCreatedResponse({ type: IssuedTokenDto, description: 'With `token`: the new registry token.' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description:
      'invalid_grant (unknown, malformed, expired or revoked refresh token), token_reuse_detected (the session is now ' +
      'revoked); with `token`, the codes of an unusable bearer token.',
  })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'refresh_in_progress; with `token`, not_refreshable, token_inactive or account_not_active.',
  })
  async refresh(
    @Body() dto: RefreshDto,
    @ClientIp() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | IssuedTokenDto> {
    if (dto.token !== undefined && dto.refresh_token !== undefined)
      throw new ValidationFailedError([{ field: 'token', message: 'give refresh_token or token, not both' }]);
    if (dto.token !== undefined) {
      reply.status(201);
      return this.registryRefresh.refresh(dto.token, ip);
    }
    if (dto.refresh_token === undefined)
      throw new ValidationFailedError([{ field: 'refresh_token', message: 'refresh_token is required (or token)' }]);
    return this.sessions.refresh(dto.refresh_token, ip);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @SkipPolicy('every caller may end its own sessions')
  @ApiOperation({
    operationId: 'logout',
    summary: "End the caller's session, its other sessions, or all of them",
  })
  @ApiNoContentResponse({ description: 'The sessions are revoked; their tokens are refused from the next request on.' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'not_revocable: a local logout with an irrevocable API token.',
  })
  async logout(@CurrentPrincipal() principal: Principal, @Query() query: LogoutQueryDto): Promise<void> {
    await this.auth.logout(principal, query.scope ?? 'local');
  }

  @Get('me')
  @SkipPolicy('every authenticated caller may read its own account')
  @ApiOperation({ operationId: 'getMe', summary: "The caller's account, roles, policies and token claims" })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    // The account authentication has just read (from its cache in the steady state): no second lookup.
    const user = await this.cache.account(principal.userId, () => this.users.find(principal.userId));
    if (!user) throw new NotFoundError('User', principal.userId);
    return {
      user: UserDto.of(user),
      roles: principal.roles,
      policies: this.policies.attachedSummary(user.id, principal.roles),
      claims: principal.claims,
    };
  }

  /** Lives here, not in users: it checks the current password and hands back a fresh session. */
  @Put('users/:id/password')
  @RequirePolicy('ChangePassword', 'User:{id}')
  @ApiTags('users')
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change a password',
    description:
      'current_password is required for your own. Every token of the account is revoked; changing your own returns a fresh session.',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Weak password (validation_failed) or wrong current password (invalid_current_password).',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: ChangePasswordDto,
  ): Promise<PasswordChangedDto> {
    const { user, session } = await this.auth.changePassword(principal, id, dto.new_password, dto.current_password);
    return session ? { user: UserDto.of(user), session } : { user: UserDto.of(user) };
  }
}
