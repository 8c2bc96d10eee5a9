import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_LEVELS } from '../language';

/** Which policy a statement or Param comes from, and where that policy is attached. */
class ComesFromDto {
  @ApiProperty()
  policy_id: string;

  @ApiProperty()
  policy_name: string;

  @ApiProperty({
    enum: ATTACHMENT_LEVELS,
    description: 'Where the policy is attached: by default, to a role, to the user.',
  })
  level: string;
}

export class EffectiveStatementDto extends ComesFromDto {
  @ApiProperty({ description: "The role's slug for a role attachment, else absent.", required: false })
  role?: string;

  @ApiProperty({ type: 'integer' })
  statement_index: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The statement as written.' })
  statement: Record<string, unknown>;
}

export class EffectiveParamDto extends ComesFromDto {
  @ApiProperty({ type: 'integer' })
  param_index: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The Param as written.' })
  param: Record<string, unknown>;
}

export class EffectivePolicyDto {
  @ApiProperty()
  user_id: string;

  @ApiProperty({ type: [EffectiveStatementDto], description: 'Every statement that applies, in evaluation order.' })
  statements: EffectiveStatementDto[];

  @ApiProperty({ type: [EffectiveParamDto], description: 'Every Param that applies, in evaluation order.' })
  params: EffectiveParamDto[];
}
