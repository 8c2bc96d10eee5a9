import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { Role } from '../role.entity';

export class RoleDto {
  @ApiProperty({ example: 'editor' })
  slug: string;

  @ApiProperty({ example: 'Editor' })
  name: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  static of(role: Role): RoleDto {
    return {
      slug: role.slug,
      name: role.name,
      description: role.description,
      created_at: role.createdAt.toISOString(),
      updated_at: role.updatedAt.toISOString(),
    };
  }
}

export class CreateRoleDto {
  @ApiProperty({ description: 'Lower-case letters, digits, - and _', example: 'editor' })
  @IsString()
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'slug must be 1-64 characters of a-z, 0-9, - and _' })
  slug: string;

  @ApiProperty({ example: 'Editor' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'Editor' })
  @IsOptionalButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}
