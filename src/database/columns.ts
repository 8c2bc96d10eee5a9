import type { ColumnOptions } from 'typeorm';

/** Millisecond timestamps, stored in UTC on every driver. */
export const timestamp = (name: string, nullable = false): ColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  nullable,
});
