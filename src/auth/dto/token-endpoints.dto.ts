import { applyDecorators } from '@nestjs/common';
import type { ApiSchemaOptions } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { IsOptionalButNotNull } from '../../common/optional';
import { TOKEN_USES, TokenUse } from '../../common/token-claims';
import { TextLength } from '../../common/text-length';

/**
 * `client_id` and `client_secret`, which RFC 6749 §2.3.1 clients send with every token request:
 * accepted (so off-the-shelf OAuth libraries work) and not checked, since this server registers
 * no clients; holding the token is the authority.
 */
export const OAuthClientFields = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'Accepted and ignored: this server registers no OAuth clients.',
      maxLength: 1024,
    }),
    IsOptionalButNotNull(),
    IsString(),
    TextLength({ max: 1024 }),
  );

/** RFC 7009 §2.1 / RFC 7662 §2.1 hints; the server looks everywhere when a hint is wrong. */
export const TOKEN_TYPE_HINTS = ['access_token', 'refresh_token'] as const;
export type TokenTypeHint = (typeof TOKEN_TYPE_HINTS)[number];

/** The largest API token the registry can sign: max_claims_bytes (32 KiB at most) as base64url plus the reserved claims. */
export const TOKEN_MAX_LENGTH = 65536;

export class TokenRequestDto {
  @ApiProperty({ description: 'An access token, API token or refresh token.', maxLength: TOKEN_MAX_LENGTH })
  @IsString()
  @TextLength({ max: TOKEN_MAX_LENGTH })
  token: string;

  @ApiPropertyOptional({
    enum: TOKEN_TYPE_HINTS,
    description: 'Which kind of token this is; a wrong hint only costs a longer search.',
  })
  @IsOptionalButNotNull()
  @IsIn(TOKEN_TYPE_HINTS)
  token_type_hint?: TokenTypeHint;

  @OAuthClientFields()
  client_id?: string;

  @OAuthClientFields()
  client_secret?: string;
}

/** What kind of token an active introspection answer describes. */
export const INTROSPECTED_TOKEN_TYPES = ['access_token', 'refresh_token'] as const;

/**
 * RFC 7662 §2.2. An inactive token gets `{active: false}` and nothing else, whatever the reason
 * (expired, revoked, forged, unknown), so the answer tells nothing about tokens the caller does
 * not hold. An active JWT (session access token or API token) gets its claims.
 */
// @ApiSchema writes every option it is given into the schema, although its type names only a few.
@ApiSchema({ additionalProperties: true } as ApiSchemaOptions)
export class IntrospectionDto {
  [claim: string]: unknown;

  @ApiProperty()
  active: boolean;

  @ApiPropertyOptional({
    enum: INTROSPECTED_TOKEN_TYPES,
    description: 'access_token for JWTs (session access tokens and API tokens; see token_use), or refresh_token.',
  })
  token_type?: (typeof INTROSPECTED_TOKEN_TYPES)[number];

  @ApiPropertyOptional({ description: 'The username of the account the token represents.' })
  username?: string;

  @ApiPropertyOptional({ description: 'The user id.' })
  sub?: string;

  @ApiPropertyOptional({ description: 'Token id (for a refresh token, its id in the session).' })
  jti?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Expires at (seconds since the epoch).' })
  exp?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Issued at (seconds since the epoch).' })
  iat?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Not before (seconds since the epoch).' })
  nbf?: number;

  @ApiPropertyOptional()
  iss?: string;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  aud?: string | string[];

  @ApiPropertyOptional({ enum: TOKEN_USES })
  token_use?: TokenUse;

  @ApiPropertyOptional()
  refreshable?: boolean;

  @ApiPropertyOptional()
  revocable?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Session family id (session tokens).' })
  fam?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  cep?: number;

  @ApiPropertyOptional()
  client_id?: string;
}
