import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { problemType } from './error-codes';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem document, the body of every error response. */
export class ProblemDto {
  @ApiProperty({ example: problemType('validation_failed') })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail: string;

  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable error code.' })
  code: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
