import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.credential_epoch`, the counter every token now carries as `cep`. Existing accounts start
 * at 0, which tokens signed before this migration (no `cep`) are judged against. The MySQL
 * statements are TypeORM's, generated from the entities; for SQLite it generates a table rebuild
 * whose down step renames `users` away, and SQLite then repoints user_roles' foreign key at the
 * temporary table it drops. SQLite adds and drops a column in place instead, with the same
 * result (test/schema.e2e-spec.ts finds no drift; test/credential-epoch-migration checks the data).
 */
export class CredentialEpoch1796169600000 implements MigrationInterface {
  name = 'CredentialEpoch1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = queryRunner.connection.driver.options.type === 'better-sqlite3' ? SQLITE_UP : MYSQL_UP;
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = queryRunner.connection.driver.options.type === 'better-sqlite3' ? SQLITE_DOWN : MYSQL_DOWN;
    for (const sql of statements) await queryRunner.query(sql);
  }
}

const SQLITE_UP = [`ALTER TABLE "users" ADD COLUMN "credential_epoch" integer NOT NULL DEFAULT (0)`];

const SQLITE_DOWN = [`ALTER TABLE "users" DROP COLUMN "credential_epoch"`];

const MYSQL_UP = [`ALTER TABLE \`users\` ADD \`credential_epoch\` int NOT NULL DEFAULT '0'`];

const MYSQL_DOWN = [`ALTER TABLE \`users\` DROP COLUMN \`credential_epoch\``];
