import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, ValidateIf } from 'class-validator';
import { TextLength } from '../../common/text-length';
import type { PolicyIssue } from '../language';
import type { Policy } from '../policy.entity';

const NAME_MAX_LENGTH = 128;
const DESCRIPTION_MAX_LENGTH = 1000;

const DOCUMENT_EXAMPLE = {
  Statement: [{ Effect: 'allow', Resource: 'User:${USER.id}', Action: ['Read', 'ListTokens'] }],
};

export class PolicyIssueDto {
  @ApiProperty({ example: 'Statement[2]', description: 'Where in the document, as `Statement[2].Condition.Equals`.' })
  path: string;

  @ApiProperty({ example: 'shadowed by Statement[3], which matches everything it matches' })
  message: string;
}

export class PolicyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'auditors' })
  name: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: DOCUMENT_EXAMPLE,
    description: 'The policy document (`{Statement, Param}`), as saved.',
  })
  document: Record<string, unknown>;

  @ApiProperty({
    type: [PolicyIssueDto],
    description:
      "The analyzer's findings: statements shadowed by a later or an enforced one, statements no route can reach, an allow of everything, a condition that can never hold.",
  })
  warnings: PolicyIssueDto[];

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  static of(policy: Policy, warnings: readonly PolicyIssue[]): PolicyDto {
    return {
      id: policy.id,
      name: policy.name,
      description: policy.description,
      document: JSON.parse(policy.document) as Record<string, unknown>,
      warnings: warnings.map(({ path, message }) => ({ path, message })),
      created_at: policy.createdAt.toISOString(),
      updated_at: policy.updatedAt.toISOString(),
    };
  }
}

/** PUT replaces the whole policy, so both verbs take the same body. */
export class SavePolicyDto {
  @ApiProperty({ example: 'auditors', maxLength: NAME_MAX_LENGTH })
  @IsString()
  @TextLength({ min: 1, max: NAME_MAX_LENGTH })
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: DESCRIPTION_MAX_LENGTH })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @TextLength({ max: DESCRIPTION_MAX_LENGTH })
  description?: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: DOCUMENT_EXAMPLE })
  @IsObject()
  document: Record<string, unknown>;
}
