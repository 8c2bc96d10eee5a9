import { Type as TransformType } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from './optional';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from '@nestjs/common';

export class PageQueryDto {
  /** Bounded so the row offset stays a small exact integer on every database. */
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 })
  @IsOptionalButNotNull()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptionalButNotNull()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
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

    @ApiProperty({ example: 1 })
    page: number;

    @ApiProperty({ example: 50 })
    per_page: number;

    @ApiProperty({ example: 1 })
    total: number;
  }
  Object.defineProperty(PageOf, 'name', { value: name });
  return PageOf;
}
