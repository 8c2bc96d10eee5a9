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
  ValidateIf,
} from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { PageQueryDto } from '../../common/pagination';
import { TextLength } from '../../common/text-length';
import {
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  PASSWORD_MAX_LENGTH,
  ROLE_SLUG,
  schemaOf,
  USERNAME,
} from '../../common/text-rules';
import { CATALOGUE } from '../../config/catalogue';
import { ACCOUNT_STATUSES, AccountStatus, User } from '../user.entity';

/**
 * Usernames and emails are stored lower-case. A username is lower-cased only once the rule accepts
 * it as sent, so the rule, like the document's pattern, judges what the client sent: lower-casing
 * first would let in what only lower-cases into the rule (U+212A KELVIN SIGN becomes `k`).
 */
const lowerUsername = ({ value }: { value: unknown }) =>
  typeof value === 'string' && USERNAME.pattern.test(value) ? value.toLowerCase() : value;
const lowerEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

const MAX_ROLES = 50;
const DISPLAY_NAME_MAX_LENGTH = 128;

/** An optional list of role slugs. */
const RoleSlugs = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', ...schemaOf(ROLE_SLUG) },
      maxItems: MAX_ROLES,
      example: ['editor'],
    }),
    IsOptionalButNotNull(),
    IsArray(),
    ArrayMaxSize(MAX_ROLES),
    Matches(ROLE_SLUG.pattern, { each: true, message: 'each role must be a role slug' }),
  );

const Email = (options: { optional: boolean; example: string }) =>
  applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      format: 'email',
      pattern: EMAIL_PATTERN.source,
      description: 'Stored lower-case. ASCII only: no quoted or internationalized forms.',
      example: options.example,
    }),
    Transform(lowerEmail),
    IsString(),
    TextLength({ max: EMAIL_MAX_LENGTH }),
    IsEmail({}, { message: 'email must be an email address' }),
    Matches(EMAIL_PATTERN, { message: 'email must be an ASCII email address (no quoted or internationalized forms)' }),
  );

/** The weakest password any configuration accepts: the strength check itself is configured at run time. */
const PASSWORD_MIN_LENGTH = CATALOGUE['service.password.min_length'].min;

/** A new password: checked for strength (service.password.min_length, service.password.min_score) by the service. */
export const NewPassword = (example: string) =>
  applyDecorators(
    ApiProperty({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      description:
        'At least service.password.min_length characters (default ' +
        `${CATALOGUE['service.password.min_length'].default}, never fewer than ${PASSWORD_MIN_LENGTH}) and hard to ` +
        'guess (service.password.min_score); not built on the username or email. Never returned.',
      example,
    }),
    IsString(),
    MaxLength(PASSWORD_MAX_LENGTH),
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

  @ApiProperty({ enum: ACCOUNT_STATUSES })
  status: AccountStatus;

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
  @ApiProperty({ ...schemaOf(USERNAME), description: 'Letters, digits, . _ - (stored lower-case).', example: 'jane' })
  @Transform(lowerUsername)
  @IsString()
  @Matches(USERNAME.pattern, {
    message: `username must be ${USERNAME.minLength}-${USERNAME.maxLength} characters of letters, digits, . _ -`,
  })
  username: string;

  @Email({ optional: false, example: 'jane@example.com' })
  email: string;

  @NewPassword('correct-Horse-battery-9')
  password: string;

  @RoleSlugs()
  roles?: string[];

  // No `default` keyword: generators read one as "always present" and would make the field required.
  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES, description: 'Default: active.' })
  @IsOptionalButNotNull()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional()
  @IsString()
  @TextLength({ min: 1, max: DISPLAY_NAME_MAX_LENGTH })
  display_name?: string;
}

export class UpdateUserDto {
  @IsOptionalButNotNull()
  @Email({ optional: true, example: 'jane@example.org' })
  email?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Jane Doe' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @TextLength({ min: 1, max: DISPLAY_NAME_MAX_LENGTH })
  display_name?: string | null;

  @RoleSlugs()
  roles?: string[];

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptionalButNotNull()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches username, email or display name.' })
  @IsOptionalButNotNull()
  @IsString()
  @TextLength({ max: EMAIL_MAX_LENGTH })
  search?: string;
}
