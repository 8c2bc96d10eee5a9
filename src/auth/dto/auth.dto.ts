import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import type { TokenClaims } from '../../common/token-claims';
import { TokenClaimsDto } from '../../common/token-claims.dto';
import { TextLength } from '../../common/text-length';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../../common/text-rules';
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

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: [String], example: ['administrator'] })
  roles: string[];

  @ApiProperty({
    type: 'array',
    items: { not: {} },
    maxItems: 0,
    description:
      'Access policies attached to the account: always empty until the policies feature arrives (docs/design.md).',
  })
  policies: never[];

  @ApiProperty({ type: TokenClaimsDto, description: 'Claims of the token used for this request.' })
  claims: TokenClaims;
}
