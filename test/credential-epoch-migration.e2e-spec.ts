import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { CredentialEpoch1796169600000 } from '../src/database/migrations/1796169600000-credential-epoch';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

/** Existing accounts must come through the credential-epoch migration whole, roles included, at epoch 0. */
describe('the credential epoch migration', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const at = '2026-01-01 12:00:00.000';

  beforeAll(async () => {
    database = await createTestDatabase();
    // The migrations up to this one: later ones are not what this spec is about.
    const migrations = MIGRATIONS.slice(0, MIGRATIONS.indexOf(CredentialEpoch1796169600000) + 1);
    dataSource = await new DataSource({ ...dataSourceOptions(database.url), migrations }).initialize();
    // The schema as it was before this migration, holding an account.
    await dataSource.runMigrations();
    await dataSource.undoLastMigration();
    await dataSource.query(
      `INSERT INTO roles (slug, name, created_at, updated_at) VALUES ('administrator', 'Administrator', '${at}', '${at}')`,
    );
    await dataSource.query(
      `INSERT INTO users (id, username, email, password_hash, status, credentials_changed_at, created_at, updated_at) VALUES ('u1', 'jane', 'jane@example.com', 'hash', 'blocked', '${at}', '${at}', '${at}')`,
    );
    await dataSource.query(`INSERT INTO user_roles (user_id, role_slug) VALUES ('u1', 'administrator')`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('keeps every user, its roles and its columns, and starts each account at epoch 0', async () => {
    await dataSource.runMigrations();
    const [user] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT username, email, status, credential_epoch FROM users WHERE id = 'u1'`,
    );
    expect({ ...user, credential_epoch: Number(user.credential_epoch) }).toEqual({
      username: 'jane',
      email: 'jane@example.com',
      status: 'blocked',
      credential_epoch: 0,
    });
    expect(await dataSource.query(`SELECT user_id, role_slug FROM user_roles`)).toEqual([
      { user_id: 'u1', role_slug: 'administrator' },
    ]);
  });

  it('keeps them when migrated down again', async () => {
    await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT username FROM users`)).toEqual([{ username: 'jane' }]);
    expect(await dataSource.query(`SELECT user_id, role_slug FROM user_roles`)).toEqual([
      { user_id: 'u1', role_slug: 'administrator' },
    ]);
  });
});
