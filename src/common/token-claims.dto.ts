import type { ApiSchemaOptions } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { TokenClaims, TokenUse } from './token-claims';
import { TOKEN_USES } from './token-claims';

/**
 * The claim set of a token this server signed (`TokenClaims`), as the API shows it: the reserved
 * claims below, and the token's additional claims beside them (so the schema stays open).
 */
// @ApiSchema writes every option it is given into the schema, although its type names only a few.
@ApiSchema({ additionalProperties: true } as ApiSchemaOptions)
export class TokenClaimsDto implements TokenClaims {
  [claim: string]: unknown;

  @ApiProperty({ format: 'uuid', description: 'Token id (random UUIDv4).' })
  jti: string;

  @ApiProperty({ description: 'The user id.' })
  sub: string;

  @ApiProperty({ type: 'integer', description: 'Issued at (seconds since the epoch).' })
  iat: number;

  @ApiProperty({ type: 'integer', description: 'Expires at (seconds since the epoch).' })
  exp: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Not before (seconds since the epoch).' })
  nbf?: number;

  @ApiProperty({ description: 'service.jwt.issuer when the token was signed.', example: 'jwt-access-manager' })
  iss: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'service.jwt.audience when the token was signed.',
    example: 'api',
  })
  aud: string | string[];

  @ApiProperty({ enum: TOKEN_USES, description: 'access: a session access token; api: a registry (API) token.' })
  token_use: TokenUse;

  @ApiProperty()
  refreshable: boolean;

  @ApiProperty()
  revocable: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Session family id (session tokens only).' })
  fam?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: "The account's credential epoch at signing; absent only in tokens signed before epochs existed.",
  })
  cep?: number;

  @ApiPropertyOptional({ description: 'The client the access token was issued to (RFC 9068).' })
  client_id?: string;
}
