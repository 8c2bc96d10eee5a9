import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name: string, primary = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: primary });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/** Users, roles, the token registry, the runtime config layer and the audit log. Written with the Table API so it runs on SQLite and MySQL/MariaDB alike. */
export class InitialSchema1764072000000 implements MigrationInterface {
  name = 'InitialSchema1764072000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [{ ...text('slug', 64), isPrimary: true }, text('name', 128), text('description', 1000, true), time('created_at'), time('updated_at')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id('id', true),
          { ...text('username', 64), isUnique: true },
          { ...text('email', 254), isUnique: true },
          text('display_name', 128, true),
          text('password_hash', 255),
          { ...text('status', 16), default: "'active'" },
          time('credentials_changed_at'),
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [id('user_id', true), { ...text('role_slug', 64), isPrimary: true }],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['role_slug'], referencedTableName: 'roles', referencedColumnNames: ['slug'], onDelete: 'RESTRICT' },
        ],
        indices: [{ name: 'idx_user_roles_role', columnNames: ['role_slug'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tokens',
        columns: [
          id('jti', true),
          id('user_id'),
          text('token_use', 16),
          text('description', 255, true),
          { name: 'claims', type: 'text' },
          time('issued_at'),
          time('expires_at'),
          { name: 'refreshable', type: 'boolean' },
          { name: 'revocable', type: 'boolean' },
          time('revoked_at', true),
          text('revoke_reason', 32, true),
        ],
        indices: [{ name: 'idx_tokens_user', columnNames: ['user_id', 'issued_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'config_values',
        columns: [{ ...text('key', 128), isPrimary: true }, { name: 'value', type: 'text' }, time('updated_at'), { ...id('updated_by'), isNullable: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          id('id', true),
          text('type', 32),
          time('at'),
          { ...id('user_id'), isNullable: true },
          { ...id('actor_id'), isNullable: true },
          text('ip', 64, true),
          { ...id('jti'), isNullable: true },
          text('reason', 64, true),
          { name: 'detail', type: 'text' },
        ],
        indices: [
          { name: 'idx_audit_at', columnNames: ['at'] },
          { name: 'idx_audit_user', columnNames: ['user_id', 'at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_events', 'config_values', 'tokens', 'user_roles', 'users', 'roles']) {
      await queryRunner.dropTable(table);
    }
  }
}
