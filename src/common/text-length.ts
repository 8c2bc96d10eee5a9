import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { MaxLength, MinLength } from 'class-validator';

/**
 * A string's length bounds: checked by class-validator and written into the property's OpenAPI
 * schema (merged into what its @ApiProperty says), from one pair of numbers.
 */
export const TextLength = ({ min, max }: { min?: number; max: number }) =>
  applyDecorators(
    ...(min === undefined ? [] : [MinLength(min)]),
    MaxLength(max),
    ApiProperty({ minLength: min, maxLength: max }),
  );
