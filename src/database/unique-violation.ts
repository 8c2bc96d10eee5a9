import { QueryFailedError } from 'typeorm';

/**
 * True for a unique-key violation on SQLite or MySQL/MariaDB. Checks before inserting cannot see
 * a concurrent insert that has not committed yet; the constraint can, and this turns its error
 * into the 409 the check would have given.
 */
export function isUniqueViolation(error: unknown): error is QueryFailedError & { message: string } {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
