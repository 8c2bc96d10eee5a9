import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString } from 'class-validator';
import { REFRESH_TOKEN_PATTERN } from '../../sessions/refresh-secret';
import { OAuthClientFields, TOKEN_MAX_LENGTH } from './token-endpoints.dto';
import { IsOptionalButNotNull } from '../../common/optional';
import type { TokenClaims } from '../../common/token-claims';
import { TokenClaimsDto } from '../../common/token-claims.dto';
import { TextLength } from '../../common/text-length';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../../common/text-rules';

/** Longer values are refused (400) before any lookup; shorter malformed ones are an invalid grant (401). */
const REFRESH_TOKEN_MAX_LENGTH = 8192;
import { NewPassword, UserDto } from '../../users/dto/user.dto';

export class LoginDto {
  @ApiProperty({ description: 'Username or email address (any case).', minLength: 1, example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @TextLength({ max: EMAIL_MAX_LENGTH })
  username: string;

  @ApiProperty({ minLength: 1, example: 'correct-Horse-battery-9' })
  @IsString()
  @IsNotEmpty()
  @TextLength({ max: PASSWORD_MAX_LENGTH })
  password: string;
}

/** The OAuth access token types this server hands out (RFC 6749 §7.1): bearer tokens only (RFC 6750). */
export const ACCESS_TOKEN_TYPES = ['Bearer'] as const;
export type AccessTokenType = (typeof ACCESS_TOKEN_TYPES)[number];

export class SessionDto {
  @ApiProperty({ enum: ACCESS_TOKEN_TYPES })
  token_type: AccessTokenType;

  @ApiProperty({ description: 'Access JWT (typ at+jwt, token_use access).' })
  access_token: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.', example: 900 })
  expires_in: number;

  @ApiProperty({
    description:
      'Opaque refresh token (not a JWT; the server keeps only its hash). Spent by POST /auth/refresh, which returns the next pair.',
    pattern: REFRESH_TOKEN_PATTERN.source,
    example: 'jam_rt_3q2-7wQb0CkY1vQmL5yqJm1Yw1Xy8pH1cI2nL9sD0aE',
  })
  refresh_token: string;

  @ApiProperty({
    type: 'integer',
    description:
      "Seconds until the refresh token expires: the session's absolute end, fixed at login and not extended by rotation.",
    example: 2592000,
  })
  refresh_expires_in: number;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'A refresh token from a login or an earlier refresh. Give this or token, not both.',
    maxLength: REFRESH_TOKEN_MAX_LENGTH,
  })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ max: REFRESH_TOKEN_MAX_LENGTH })
  refresh_token?: string;

  @ApiPropertyOptional({
    description:
      'A refreshable API token (AAM): answered as POST /users/{id}/tokens/{jti}/refresh answers (201, the new registry token).',
    maxLength: TOKEN_MAX_LENGTH,
  })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ max: TOKEN_MAX_LENGTH })
  token?: string;

  @ApiPropertyOptional({
    description: 'RFC 6749 clients send it; when given it must be refresh_token.',
    enum: ['refresh_token'],
  })
  @IsOptionalButNotNull()
  @IsIn(['refresh_token'])
  grant_type?: 'refresh_token';

  @OAuthClientFields()
  client_id?: string;

  @OAuthClientFields()
  client_secret?: string;
}

export const LOGOUT_SCOPES = ['local', 'others', 'global'] as const;
export type LogoutScope = (typeof LOGOUT_SCOPES)[number];

export class LogoutQueryDto {
  @ApiPropertyOptional({
    enum: LOGOUT_SCOPES,
    description:
      "local (the default): the caller's session (for an API token, that token); others: every other session of the account; global: every session and every revocable API token of the account.",
  })
  @IsOptionalButNotNull()
  @IsIn(LOGOUT_SCOPES)
  scope?: LogoutScope;
}

export class LoginResponseDto extends SessionDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class ChangePasswordDto {
  @NewPassword('another-Horse-battery-7')
  new_password: string;

  @ApiPropertyOptional({ description: 'Required when changing your own password.' })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ max: PASSWORD_MAX_LENGTH })
  current_password?: string;
}

export class PasswordChangedDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiPropertyOptional({
    type: SessionDto,
    description: 'A fresh session, when you changed your own password (all earlier tokens are revoked).',
  })
  session?: SessionDto;
}

export class AttachedPolicyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'self-service' })
  name: string;

  @ApiProperty({
    enum: ['default', 'role', 'user'],
    description: 'Attached by default, to one of its roles, or to it.',
  })
  level: string;

  @ApiPropertyOptional({ description: 'The role, for a role attachment.', example: 'administrator' })
  role?: string;
}

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: [String], example: ['administrator'] })
  roles: string[];

  @ApiProperty({
    type: [AttachedPolicyDto],
    description: 'The access policies that apply to the account, in evaluation order (default, role, user).',
  })
  policies: AttachedPolicyDto[];

  @ApiProperty({ type: TokenClaimsDto, description: 'Claims of the token used for this request.' })
  claims: TokenClaims;
}

export class JwtLoginQueryDto {
  @ApiProperty({ description: 'The API token of the signed URL.', maxLength: TOKEN_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @TextLength({ max: TOKEN_MAX_LENGTH })
  jwt: string;

  @ApiPropertyOptional({
    description:
      'Where to send the browser: a path on this server, or a URL on an origin in service.jwt.login_redirect_allowlist. Default /console.',
    maxLength: 2048,
  })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ max: 2048 })
  redirect_to?: string;
}
