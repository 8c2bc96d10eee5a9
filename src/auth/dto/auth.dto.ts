import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { UserDto } from '../../users/dto/user.dto';

export class LoginDto {
  @ApiProperty({ description: 'Username or email address.', example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username: string;

  @ApiProperty({ example: 'correct-Horse-battery-9' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class SessionDto {
  @ApiProperty({ example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ description: 'Access JWT (typ at+jwt, token_use access).' })
  access_token: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expires_in: number;
}

export class LoginResponseDto extends SessionDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'another-Horse-battery-7' })
  @IsString()
  @MaxLength(256)
  new_password: string;

  @ApiPropertyOptional({ description: 'Required when changing your own password.' })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(256)
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
    type: [Object],
    description: 'Access policies attached to the account (arrives with the policies feature; empty for now).',
  })
  policies: unknown[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Claims of the token used for this request.',
  })
  claims: Record<string, unknown>;
}
