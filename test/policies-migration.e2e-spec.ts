import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { Policies1796428800000 } from '../src/database/migrations/1796428800000-policies';
import { ENTITIES } from '../src/entities';
import { buildEffectivePolicy, compilePolicy, decide } from '../src/policies/language';
import type { AttachmentLevel, Candidate } from '../src/policies/language';
import { OPTIONS, context } from '../src/policies/language/testing';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

/** Up to the policies migration, so that undoing the last one takes exactly it back. */
const UP_TO = MIGRATIONS.slice(0, MIGRATIONS.indexOf(Policies1796428800000) + 1);

interface Seeded {
  id: string;
  name: string;
  document: string;
  level: AttachmentLevel;
  target: string;
}

/** A database created before access policies gets the two seeds, so its users keep the access they had. */
describe.each([
  ['with an administrator role and users', true],
  ['created empty (the role comes from the migration)', false],
])('the policies migration on a database %s', (_, populated) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let seeded: Seeded[];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions(database.url, ENTITIES), migrations: UP_TO }).initialize();
    // The schema as it was before policies (an in-memory database cannot be reopened, so: up and back).
    await dataSource.runMigrations();
    await dataSource.undoLastMigration();
    await dataSource.query("DELETE FROM roles WHERE slug = 'administrator'");
    if (populated)
      await dataSource.query(
        "INSERT INTO roles (slug, name, description, created_at, updated_at) VALUES ('administrator', 'Admins', NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
      );
    await dataSource.runMigrations();
    seeded = await dataSource.query<Seeded[]>(
      'SELECT p.id, p.name, p.document, a.level, a.target FROM policies p JOIN policy_attachments a ON a.policy_id = p.id ORDER BY p.name',
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('seeds administrator on the administrator role and self-service by default', async () => {
    expect(seeded.map(({ name, level, target }) => ({ name, level, target }))).toEqual([
      { name: 'administrator', level: 'role', target: 'administrator' },
      { name: 'self-service', level: 'default', target: '' },
    ]);
    const roles = await dataSource.query<{ name: string }[]>("SELECT name FROM roles WHERE slug = 'administrator'");
    expect(roles.map((r) => r.name)).toEqual([populated ? 'Admins' : 'Administrator']);
  });

  it('keeps the access the server gave before policies: administrators everything, users their own account', () => {
    const candidates: Candidate[] = seeded.map((row, order) => {
      const compiled = compilePolicy(JSON.parse(row.document), OPTIONS);
      if (!compiled.ok) throw new Error(`${row.name} does not compile: ${JSON.stringify(compiled.errors)}`);
      return { policyId: row.name, level: row.level, order, policy: compiled.policy };
    });
    const admin = buildEffectivePolicy(candidates);
    const user = buildEffectivePolicy(candidates.filter((c) => c.level === 'default'));
    const session = context();
    const apiToken = context({ jwt: { sub: 'u1', token_use: 'api' } });

    expect(decide(admin, 'Delete', 'User:someone', session).decision).toBe('allow');
    expect(decide(admin, 'IssueToken', 'User:someone', apiToken).decision).toBe('allow');
    for (const action of ['Read', 'ChangePassword', 'ListTokens', 'IssueToken', 'ViewToken', 'RevokeToken'] as const)
      expect(decide(user, action, 'User:u1', session).decision).toBe('allow');
    for (const action of ['Read', 'ListTokens'] as const)
      expect(decide(user, action, 'User:u1', apiToken).decision).toBe('allow');
    for (const action of ['IssueToken', 'ViewToken', 'RevokeToken'] as const)
      expect(decide(user, action, 'User:u1', apiToken).decision).toBe('deny');
    expect(decide(user, 'Read', 'User:u2', session).decision).toBe('deny');
    expect(decide(user, 'Edit', 'User:u1', session).decision).toBe('deny');
    expect(decide(user, 'List', 'User:*', session).decision).toBe('deny');
  });
});
