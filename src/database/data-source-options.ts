import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * One DataSource shape for the server, the tests and the migration CLI:
 * `sqlite:<file>` (or `:memory:`) through better-sqlite3, `mysql://` / `mariadb://` through mysql2.
 * Schema changes only ever come from migrations (no synchronize). The server's modules register
 * their own entities; a DataSource built outside Nest (the CLI, schema tests) passes them all.
 */
export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length) || ':memory:';
    // Owner-only: the database holds password hashes and token claims.
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true, mode: 0o700 });
    return { ...common, type: 'better-sqlite3', database, enableWAL: database !== ':memory:' };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    return {
      ...common,
      type: url.startsWith('mariadb') ? 'mariadb' : 'mysql',
      url: url.replace(/^mariadb:/, 'mysql:'),
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      extra: { connectionLimit: 10 },
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite:, mysql:// or mariadb:// (got scheme '${url.split(':')[0]}')`);
}

export function isSqlite(options: DataSourceOptions): boolean {
  return options.type === 'better-sqlite3';
}
