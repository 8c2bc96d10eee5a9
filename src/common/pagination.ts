import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from './optional';

/**
 * A query parameter that is a whole number in decimal digits, as the document's `integer` says:
 * Number() alone would also take "0x10", "1e2" or " 5". Anything else stays a string and fails
 * IsInt.
 */
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;

const PageNumber = (bounds: { default: number; max: number }) =>
  applyDecorators(
    // A `default` is fine here: generators keep query parameters optional whatever their schema says.
    ApiPropertyOptional({ type: 'integer', default: bounds.default, minimum: 1, maximum: bounds.max }),
    IsOptionalButNotNull(),
    Transform(toInteger),
    IsInt(),
    Min(1),
    Max(bounds.max),
  );

export class PageQueryDto {
  /** Bounded so the row offset stays a small exact integer on every database. */
  @PageNumber({ default: 1, max: 1_000_000 })
  page: number = 1;

  @PageNumber({ default: 50, max: 200 })
  per_page: number = 50;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, page: query.page, per_page: query.per_page, total };
}

/** Builds a named OpenAPI schema `{items, page, per_page, total}` for one item type. */
export function PageDto<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageOf {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
    page: number;

    @ApiProperty({ type: 'integer', minimum: 1, example: 50 })
    per_page: number;

    @ApiProperty({ type: 'integer', minimum: 0, example: 1 })
    total: number;
  }
  Object.defineProperty(PageOf, 'name', { value: name });
  return PageOf;
}
