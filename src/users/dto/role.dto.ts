import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { TextLength } from '../../common/text-length';
import { ROLE_SLUG, schemaOf } from '../../common/text-rules';
import { Role } from '../role.entity';

const NAME_MAX_LENGTH = 128;
const DESCRIPTION_MAX_LENGTH = 1000;

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
  @ApiProperty({ ...schemaOf(ROLE_SLUG), description: 'Lower-case letters, digits, - and _.', example: 'editor' })
  @IsString()
  @Matches(ROLE_SLUG.pattern, {
    message: `slug must be ${ROLE_SLUG.minLength}-${ROLE_SLUG.maxLength} characters of a-z, 0-9, - and _`,
  })
  slug: string;

  @ApiProperty({ example: 'Editor' })
  @IsString()
  @TextLength({ min: 1, max: NAME_MAX_LENGTH })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @TextLength({ max: DESCRIPTION_MAX_LENGTH })
  description?: string;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'Editor' })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ min: 1, max: NAME_MAX_LENGTH })
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @TextLength({ max: DESCRIPTION_MAX_LENGTH })
  description?: string | null;
}
