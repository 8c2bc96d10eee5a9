import { applyDecorators } from '@nestjs/common';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { PageQueryDto } from '../../common/pagination';
import { TextLength } from '../../common/text-length';
import { TOKEN_USES, TokenClaims, TokenUse } from '../../common/token-claims';
import { TokenClaimsDto } from '../../common/token-claims.dto';
import { REVOKE_REASONS, RevokeReason, TOKEN_STATUSES, TokenStatus } from '../token.entity';

const DESCRIPTION_MAX_LENGTH = 255;

@ValidatorConstraint({ name: 'lifetime' })
class IsLifetime implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      (typeof value === 'number' && Number.isInteger(value) && value > 0) ||
      (typeof value === 'string' && value.length <= 64)
    );
  }
  defaultMessage(): string {
    return 'expires_in must be a positive number of seconds or a phrase like "+2 hours"';
  }
}

export class IssueTokenDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Absolute expiry (ISO-8601). Not with expires_in.',
    example: '2030-01-01T00:00:00Z',
  })
  @IsOptionalButNotNull()
  @IsDateString({ strict: true }, { message: 'expires_at must be an ISO-8601 date-time' })
  expires_at?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string' }],
    description: 'Lifetime: seconds, or a phrase such as "+2 hours". Default service.jwt.expires_in.',
    example: '+2 hours',
  })
  @IsOptionalButNotNull()
  @Validate(IsLifetime)
  expires_in?: number | string;

  // No `default` keywords in request bodies: generators read one as "always present" and would
  // make the field required. The defaults are stated in words instead.
  @ApiPropertyOptional({ description: 'Default: false.' })
  @IsOptionalButNotNull()
  @IsBoolean()
  refreshable?: boolean;

  @ApiPropertyOptional({ description: 'Default: true. false needs service.jwt.allow_irrevocable.' })
  @IsOptionalButNotNull()
  @IsBoolean()
  revocable?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { dept: 'security' },
    description: 'Extra claims; reserved names are refused; size capped by service.jwt.max_claims_bytes.',
  })
  @IsOptionalButNotNull()
  @IsObject({ message: 'additional_claims must be a JSON object' })
  additional_claims?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'CI deploy token' })
  @IsOptional()
  @IsString()
  @TextLength({ max: DESCRIPTION_MAX_LENGTH })
  description?: string;
}

export const TOKEN_FIELDS = ['token', 'signed_url'] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

/**
 * One parameter whose value lists the fields, comma-separated (OpenAPI `style: form, explode:
 * false`); `fields=` lists none. The parameter given twice arrives as an array: it becomes null,
 * which IsArray refuses, rather than being merged into a form the document does not describe.
 */
const fieldList = ({ value }: { value: unknown }) => {
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  return value === undefined ? undefined : null;
};

/** `?fields=token,signed_url`: what to add to each entry. */
const ExtraTokenFields = () =>
  applyDecorators(
    // style and explode are written into the query parameter, although ApiPropertyOptional's type lacks them.
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', enum: [...TOKEN_FIELDS] },
      style: 'form',
      explode: false,
      description: 'What to add to each entry, comma-separated (`fields=token,signed_url`); needs ViewToken.',
    } as ApiPropertyOptions),
    IsOptionalButNotNull(),
    Transform(fieldList),
    IsArray({ message: 'fields is given once, its values comma-separated (fields=token,signed_url)' }),
    IsIn(TOKEN_FIELDS, { each: true, message: 'fields may list token and signed_url' }),
  );

export class TokenFieldsQueryDto {
  @ExtraTokenFields()
  fields?: TokenField[];
}

export class ListTokensQueryDto extends PageQueryDto {
  @ExtraTokenFields()
  fields?: TokenField[];
}

export class TokenEntryDto {
  @ApiProperty({ description: "The token's jti." })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: TOKEN_USES })
  token_use: TokenUse;

  @ApiProperty({ format: 'date-time' })
  issued_at: string;

  @ApiProperty({ format: 'date-time' })
  expires_at: string;

  @ApiProperty()
  refreshable: boolean;

  @ApiProperty()
  revocable: boolean;

  @ApiProperty({ enum: TOKEN_STATUSES })
  status: TokenStatus;

  @ApiProperty()
  is_valid: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revoked_at: string | null;

  // null is listed in the enum too: OpenAPI 3.0's nullable does not add null to an enum's values
  // (the OAI's "Clarify nullable" proposal), so a strict validator would refuse it otherwise.
  @ApiProperty({
    enum: [...REVOKE_REASONS, null],
    nullable: true,
    description: 'Why it was revoked; null while it is not.',
  })
  revoke_reason: RevokeReason | null;

  @ApiProperty({ type: TokenClaimsDto, description: 'The complete signed claim set.' })
  claims: TokenClaims;

  @ApiPropertyOptional({ description: 'Present with ?fields=token.' })
  token?: string;

  @ApiPropertyOptional({ description: 'Passwordless login URL; present with ?fields=signed_url.' })
  signed_url?: string;
}

export class IssuedTokenDto extends TokenEntryDto {
  @ApiProperty({ description: 'The JWT.', required: true })
  declare token: string;

  @ApiProperty({ description: 'Passwordless login URL carrying the token.', required: true })
  declare signed_url: string;
}
