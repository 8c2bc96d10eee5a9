import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorCode } from './error-codes';
import { ERROR_CODE_LIST, problemType } from './error-codes';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem document, the body of every error response. */
export class ProblemDto {
  @ApiProperty({
    format: 'uri',
    example: problemType('validation_failed'),
    description: "The code's entry in the error catalogue (docs/errors.md#<code>).",
  })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail: string;

  @ApiProperty({
    enum: ERROR_CODE_LIST,
    enumName: 'ErrorCode',
    example: 'validation_failed',
    description: 'Stable machine-readable error code; docs/errors.md says what each means and its status.',
  })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
