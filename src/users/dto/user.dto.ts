import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { PageQueryDto } from '../../common/pagination';
import { User } from '../user.entity';

const USERNAME = /^[a-z0-9._-]{3,64}$/;
const SLUG = /^[a-z0-9_-]{1,64}$/;
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** An optional list of role slugs (at most 50). */
const RoleSlugs = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['editor'] }),
    IsOptionalButNotNull(),
    IsArray(),
    ArrayMaxSize(50),
    Matches(SLUG, { each: true, message: 'each role must be a role slug' }),
  );

export class UserDto {
  @ApiProperty({ example: '3f1c0c52-7c1e-4a4e-9d3e-8f0e6b7a1c2d' })
  id: string;

  @ApiProperty({ example: 'jane' })
  username: string;

  @ApiProperty({ example: 'jane@example.com' })
  email: string;

  @ApiProperty({ nullable: true, type: String, example: 'Jane Doe' })
  display_name: string | null;

  @ApiProperty({ type: [String], example: ['editor'] })
  roles: string[];

  @ApiProperty({ enum: ['active', 'blocked'] })
  status: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  static of(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      display_name: user.displayName,
      roles: (user.roles ?? []).map((r) => r.slug).sort(),
      status: user.status,
      created_at: user.createdAt.toISOString(),
      updated_at: user.updatedAt.toISOString(),
    };
  }
}

export class CreateUserDto {
  @ApiProperty({ description: '3-64 characters: letters, digits, . _ - (stored lower-case)', example: 'jane' })
  @Transform(lower)
  @IsString()
  @Matches(USERNAME, { message: 'username must be 3-64 characters of a-z, 0-9, . _ -' })
  username: string;

  @ApiProperty({ example: 'jane@example.com' })
  @Transform(lower)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ description: 'Checked for strength; never returned.', example: 'correct-Horse-battery-9' })
  @IsString()
  @MaxLength(256)
  password: string;

  @RoleSlugs()
  roles?: string[];

  @ApiPropertyOptional({ enum: ['active', 'blocked'], default: 'active' })
  @IsOptionalButNotNull()
  @IsIn(['active', 'blocked'])
  status?: 'active' | 'blocked';

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  display_name?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'jane@example.org' })
  @IsOptionalButNotNull()
  @Transform(lower)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Jane Doe' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  display_name?: string | null;

  @RoleSlugs()
  roles?: string[];

  @ApiPropertyOptional({ enum: ['active', 'blocked'] })
  @IsOptionalButNotNull()
  @IsIn(['active', 'blocked'])
  status?: 'active' | 'blocked';
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches username, email or display name.' })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(254)
  search?: string;
}
