import type { ColumnOptions } from 'typeorm';

/** Millisecond timestamps, stored in UTC on every driver. */
export const timestamp = (name: string, nullable = false): ColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  nullable,
});

/**
 * A counter that may outgrow 32 bits, read back as a number (mysql2 returns BIGINT as a string);
 * exact up to 2^53, which no counter here reaches.
 */
export const sequenceNumber = (name: string): ColumnOptions => ({
  name,
  type: 'bigint',
  transformer: {
    to: (value: number | undefined) => value,
    from: (value: string | number | null) => (value === null ? null : Number(value)),
  },
});
