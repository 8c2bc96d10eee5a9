import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsIP, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ACTIONS } from '../../common/actions';
import type { Action } from '../../common/actions';
import { TextLength } from '../../common/text-length';

export class SimulationContextDto {
  @ApiPropertyOptional({ description: 'The client address (`${USER.ip}`); default 127.0.0.1.', example: '10.1.2.3' })
  @IsOptional()
  @IsIP()
  ip?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Claims of the token (`${JWT.*}`); default: a session access token's.",
    example: { token_use: 'access', dept: 'security' },
  })
  @IsOptional()
  @IsObject()
  jwt?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: '`${HTTP_GET.*}`' })
  @IsOptional()
  @IsObject()
  query?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '`${HTTP_HEADER.*}`, names in lower case',
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: '`${PARAM.*}`' })
  @IsOptional()
  @IsObject()
  params?: Record<string, string>;
}

export class SimulateDto {
  @ApiProperty({ description: 'The user whose attached policies decide.' })
  @IsString()
  @TextLength({ min: 1, max: 36 })
  user_id: string;

  @ApiPropertyOptional({
    enum: ACTIONS,
    description: 'Required unless the resource is a `Route:` (which takes no action).',
  })
  @IsOptional()
  @IsIn(ACTIONS)
  action?: Action;

  @ApiProperty({ example: 'User:42', description: 'A typed resource, or `Route:<path>:<METHOD>`.' })
  @IsString()
  @TextLength({ min: 1, max: 512 })
  resource: string;

  @ApiPropertyOptional({ type: SimulationContextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SimulationContextDto)
  context?: SimulationContextDto;
}

export class MatchedStatementDto {
  @ApiProperty()
  policy_id: string;

  @ApiProperty({ type: 'integer' })
  statement_index: number;
}

export class SimulationDto {
  @ApiProperty({ enum: ['allow', 'deny'] })
  decision: 'allow' | 'deny';

  @ApiProperty({ type: MatchedStatementDto, nullable: true, description: 'null: nothing matched (default deny).' })
  matched: MatchedStatementDto | null;

  @ApiProperty({ example: 'Read on User:42 allowed by statement 0 of policy 6f1c…' })
  reason: string;
}
