import { DataSource } from 'typeorm';
import { AuditChainService } from '../src/audit/audit-chain.service';
import { chainHash, GENESIS_HASH } from '../src/common/hash-chain';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { AuditChain1796256000000 } from '../src/database/migrations/1796256000000-audit-chain';
import { Transactions } from '../src/database/transactions';
import { ENTITIES } from '../src/entities';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

const UP_TO = MIGRATIONS.slice(0, MIGRATIONS.indexOf(AuditChain1796256000000) + 1);

/** The events logged before the hash chain existed are chained by its migration, oldest first, and verify. */
describe('the audit chain migration', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  // Inserted out of time order; two share an instant, told apart by id. The detail's keys are unsorted.
  const rows = [
    ['e3', 'token_revoked', '2026-01-01 12:00:02.500', 'u1', 'a1', null, 'j1', 'revoked', '{"z":1,"a":{"y":2,"b":3}}'],
    ['e2', 'login_failed', '2026-01-01 12:00:01.001', null, null, '10.0.0.1', null, 'invalid_credentials', '{}'],
    ['e1', 'login_succeeded', '2026-01-01 12:00:01.001', 'u1', 'u1', '::1', null, null, '{}'],
  ];

  // Earlier than those, more than the migration's and verify's batches; ten share each instant.
  const many = Array.from({ length: 1200 }, (_, i) => {
    const at = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 10) * 1000).toISOString().replace('T', ' ').slice(0, 23);
    return [`m${String(i).padStart(4, '0')}`, 'token_issued', at, 'u1', 'a1', null, `j${i}`, null, '{}'];
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions(database.url, ENTITIES), migrations: UP_TO }).initialize();
    // The schema as it was before this migration, holding events.
    await dataSource.runMigrations();
    await dataSource.undoLastMigration();
    for (const row of [...many, ...rows].reverse())
      await dataSource.query(
        'INSERT INTO audit_events (id, type, at, user_id, actor_id, ip, jti, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        row,
      );
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('numbers and links the existing events oldest first, each hash over its stored content', async () => {
    const chained = await dataSource.query<Record<string, unknown>[]>(
      'SELECT id, seq, prev_hash, hash FROM audit_events ORDER BY seq',
    );
    expect(chained.map((r) => [r.id, Number(r.seq)])).toEqual(
      [...many.map((row) => row[0]), 'e1', 'e2', 'e3'].map((id, i) => [id, i + 1]),
    );
    expect(chained[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < chained.length; i += 1) expect(chained[i].prev_hash).toBe(chained[i - 1].hash);
    const [e3] = chained.slice(-1);
    expect(e3.hash).toBe(
      chainHash(
        {
          seq: 1203,
          id: 'e3',
          type: 'token_revoked',
          at: new Date('2026-01-01T12:00:02.500Z'),
          userId: 'u1',
          actorId: 'a1',
          ip: null,
          jti: 'j1',
          reason: 'revoked',
          detail: { a: { b: 3, y: 2 }, z: 1 },
        },
        chained[1201].hash as string,
      ),
    );
    const [head] = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM audit_chain');
    expect({ ...head, seq: Number(head.seq), anchor_seq: Number(head.anchor_seq) }).toEqual({
      id: 1,
      seq: 1203,
      hash: e3.hash,
      anchor_seq: 0,
      anchor_hash: GENESIS_HASH,
    });
  });

  it('leaves a chain that verifies, read back through the entities', async () => {
    expect(await new AuditChainService(new Transactions(dataSource)).verify()).toEqual({ ok: true, checked: 1203 });
  });

  it('keeps the events when migrated down again', async () => {
    await dataSource.undoLastMigration();
    expect(await dataSource.query("SELECT id, type, detail FROM audit_events WHERE id LIKE 'e%' ORDER BY id")).toEqual([
      { id: 'e1', type: 'login_succeeded', detail: '{}' },
      { id: 'e2', type: 'login_failed', detail: '{}' },
      { id: 'e3', type: 'token_revoked', detail: '{"z":1,"a":{"y":2,"b":3}}' },
    ]);
    await dataSource.runMigrations();
    expect(await new AuditChainService(new Transactions(dataSource)).verify()).toEqual({ ok: true, checked: 1203 });
  });
});
