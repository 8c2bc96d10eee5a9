import type { MigrationInterface, QueryRunner } from 'typeorm';
import { chainHash, GENESIS_HASH } from '../../common/hash-chain';

/**
 * The tamper-evident audit log: `audit_events` gains `seq`, `prev_hash` and `hash`, and
 * `audit_chain` holds the head of the one chain and its prune anchor. The rows that exist already
 * are chained here, oldest first (by `at`, then `id`), so that every row is verifiable, not only
 * those written after the upgrade; the head row is written last, pointing at the newest of them.
 * `tokens` gains an index on `expires_at` for retention pruning.
 *
 * The schema statements are TypeORM's, generated from the entities (SQLite rebuilds the table;
 * its generated copy statement is replaced by the chaining, which fills the new NOT NULL
 * columns). On MySQL the columns are added nullable, filled, then made NOT NULL.
 */
export class AuditChain1796256000000 implements MigrationInterface {
  name = 'AuditChain1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqlite(queryRunner);
    for (const sql of sqlite ? SQLITE_BEFORE : MYSQL_BEFORE) await queryRunner.query(sql);
    const head = await chainExistingRows(queryRunner, sqlite ? sqliteCopy : mysqlUpdate);
    for (const sql of sqlite ? SQLITE_AFTER : MYSQL_AFTER) await queryRunner.query(sql);
    await queryRunner.query('INSERT INTO audit_chain (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, ?, ?, 0, ?)', [
      head.seq,
      head.hash,
      GENESIS_HASH,
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? SQLITE_DOWN : MYSQL_DOWN) await queryRunner.query(sql);
  }
}

const isSqlite = (queryRunner: QueryRunner) => queryRunner.connection.driver.options.type === 'better-sqlite3';

interface RawRow {
  id: string;
  type: string;
  at: Date | string;
  user_id: string | null;
  actor_id: string | null;
  ip: string | null;
  jti: string | null;
  reason: string | null;
  detail: string;
}

const BATCH = 500;

/** SQLite hands `datetime(3)` back as the UTC text TypeORM wrote ("2026-12-02 14:49:13.123"). */
function dateOf(at: Date | string): Date {
  if (at instanceof Date) return at;
  const iso = at.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/** The statement that stores one row's link: its SQL and parameters. */
type LinkWriter = (row: RawRow, link: { seq: number; prevHash: string; hash: string }) => [string, unknown[]];

/** Numbers and links every row, oldest first, a batch at a time; answers the newest link (the head). */
async function chainExistingRows(queryRunner: QueryRunner, write: LinkWriter): Promise<{ seq: number; hash: string }> {
  let head = { seq: 0, hash: GENESIS_HASH };
  let after: RawRow | undefined;
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT id, type, at, user_id, actor_id, ip, jti, reason, detail FROM audit_events ${
        after ? 'WHERE at > ? OR (at = ? AND id > ?) ' : ''
      }ORDER BY at, id LIMIT ${BATCH}`,
      after ? [after.at, after.at, after.id] : [],
    )) as RawRow[];
    for (const row of rows) {
      const seq = head.seq + 1;
      const content = {
        seq,
        id: row.id,
        type: row.type,
        at: dateOf(row.at),
        userId: row.user_id,
        actorId: row.actor_id,
        ip: row.ip,
        jti: row.jti,
        reason: row.reason,
        detail: JSON.parse(row.detail) as unknown,
      };
      const hash = chainHash(content, head.hash);
      await queryRunner.query(...write(row, { seq, prevHash: head.hash, hash }));
      head = { seq, hash };
    }
    if (rows.length < BATCH) return head;
    after = rows[rows.length - 1];
  }
}

const SQLITE_BEFORE = [
  `CREATE TABLE "audit_chain" ("id" integer PRIMARY KEY NOT NULL, "seq" bigint NOT NULL, "hash" varchar(64) NOT NULL, "anchor_seq" bigint NOT NULL, "anchor_hash" varchar(64) NOT NULL)`,
  `DROP INDEX "idx_audit_at"`,
  `DROP INDEX "idx_audit_user"`,
  `CREATE TABLE "temporary_audit_events" ("id" varchar(36) PRIMARY KEY NOT NULL, "type" varchar(32) NOT NULL, "at" datetime(3) NOT NULL, "user_id" varchar(36), "actor_id" varchar(36), "ip" varchar(64), "jti" varchar(36), "reason" varchar(64), "detail" text NOT NULL, "seq" bigint NOT NULL, "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)`,
];

/** Copies the row into the rebuilt table with its link (the stored text of `at` and `detail` as it was). */
const sqliteCopy: LinkWriter = (row, link) => [
  `INSERT INTO "temporary_audit_events"("id", "type", "at", "user_id", "actor_id", "ip", "jti", "reason", "detail", "seq", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  [
    row.id,
    row.type,
    row.at,
    row.user_id,
    row.actor_id,
    row.ip,
    row.jti,
    row.reason,
    row.detail,
    link.seq,
    link.prevHash,
    link.hash,
  ],
];

const SQLITE_AFTER = [
  `DROP TABLE "audit_events"`,
  `ALTER TABLE "temporary_audit_events" RENAME TO "audit_events"`,
  `CREATE INDEX "idx_audit_at" ON "audit_events" ("at") `,
  `CREATE INDEX "idx_audit_user" ON "audit_events" ("user_id", "at") `,
  `CREATE UNIQUE INDEX "idx_audit_seq" ON "audit_events" ("seq") `,
  `CREATE INDEX "idx_tokens_expires" ON "tokens" ("expires_at") `,
];

const SQLITE_DOWN = [
  `DROP INDEX "idx_tokens_expires"`,
  `DROP TABLE "audit_chain"`,
  `DROP INDEX "idx_audit_seq"`,
  `DROP INDEX "idx_audit_user"`,
  `DROP INDEX "idx_audit_at"`,
  `ALTER TABLE "audit_events" RENAME TO "temporary_audit_events"`,
  `CREATE TABLE "audit_events" ("id" varchar(36) PRIMARY KEY NOT NULL, "type" varchar(32) NOT NULL, "at" datetime(3) NOT NULL, "user_id" varchar(36), "actor_id" varchar(36), "ip" varchar(64), "jti" varchar(36), "reason" varchar(64), "detail" text NOT NULL)`,
  `INSERT INTO "audit_events"("id", "type", "at", "user_id", "actor_id", "ip", "jti", "reason", "detail") SELECT "id", "type", "at", "user_id", "actor_id", "ip", "jti", "reason", "detail" FROM "temporary_audit_events"`,
  `DROP TABLE "temporary_audit_events"`,
  `CREATE INDEX "idx_audit_user" ON "audit_events" ("user_id", "at") `,
  `CREATE INDEX "idx_audit_at" ON "audit_events" ("at") `,
];

const MYSQL_BEFORE = [
  `CREATE TABLE \`audit_chain\` (\`id\` int NOT NULL, \`seq\` bigint NOT NULL, \`hash\` varchar(64) NOT NULL, \`anchor_seq\` bigint NOT NULL, \`anchor_hash\` varchar(64) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
  `ALTER TABLE \`audit_events\` ADD \`seq\` bigint NULL, ADD \`prev_hash\` varchar(64) NULL, ADD \`hash\` varchar(64) NULL`,
];

const mysqlUpdate: LinkWriter = (row, link) => [
  'UPDATE `audit_events` SET `seq` = ?, `prev_hash` = ?, `hash` = ? WHERE `id` = ?',
  [link.seq, link.prevHash, link.hash, row.id],
];

const MYSQL_AFTER = [
  `ALTER TABLE \`audit_events\` MODIFY \`seq\` bigint NOT NULL, MODIFY \`prev_hash\` varchar(64) NOT NULL, MODIFY \`hash\` varchar(64) NOT NULL`,
  `CREATE UNIQUE INDEX \`idx_audit_seq\` ON \`audit_events\` (\`seq\`)`,
  `CREATE INDEX \`idx_tokens_expires\` ON \`tokens\` (\`expires_at\`)`,
];

const MYSQL_DOWN = [
  `DROP INDEX \`idx_tokens_expires\` ON \`tokens\``,
  `DROP TABLE \`audit_chain\``,
  `DROP INDEX \`idx_audit_seq\` ON \`audit_events\``,
  `ALTER TABLE \`audit_events\` DROP COLUMN \`hash\`, DROP COLUMN \`prev_hash\`, DROP COLUMN \`seq\``,
];
