import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** Where e2e specs run: SQLite in memory by default, a fresh MariaDB database per spec file with TEST_DB=mariadb. */
export const TEST_DB = process.env.TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite';
const MARIADB = {
  host: process.env.MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.MARIADB_PORT ?? 3306),
  user: 'root',
  password: '',
};

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'sqlite') return { url: 'sqlite::memory:', drop: () => Promise.resolve() };
  return createMariaDbDatabase();
}

/** A fresh database on the shared MariaDB, whatever TEST_DB says (several server processes need one they can all reach). */
export async function createMariaDbDatabase(): Promise<TestDatabase> {
  const name = `jam_test_${randomBytes(6).toString('hex')}`;
  let connection;
  try {
    connection = await createConnection(MARIADB);
  } catch (error) {
    // Loud on purpose: a MariaDB run that cannot reach MariaDB must fail, never pass by skipping.
    throw new Error(
      `MariaDB at ${MARIADB.host}:${MARIADB.port} is unreachable (${(error as Error).message}). Start it (start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd).`,
      { cause: error },
    );
  }
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  return {
    url: `mariadb://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${name}`,
    drop: async () => {
      const c = await createConnection(MARIADB);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/**
 * A database that several app instances in this process can share: on SQLite a file in
 * `directory` (an in-memory database is one connection's own), else a fresh MariaDB database.
 */
export async function createSharedTestDatabase(directory: string): Promise<TestDatabase> {
  return TEST_DB === 'sqlite'
    ? { url: `sqlite:${join(directory, 'shared.sqlite')}`, drop: () => Promise.resolve() }
    : createTestDatabase();
}
