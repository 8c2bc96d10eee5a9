import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import type { CliRun as Run } from './cli-process';
import { cli } from './cli-process';
import { bearer } from './factories';
import { FakeClock } from './fake-clock';

const STRONG = 'Operator-Chosen-Pass-7';

function shownPassword(stdout: string): string {
  return /\| {3}password: (\S+) /.exec(stdout)?.[1] ?? '';
}

function expectOperatorError(run: Run, message: string): void {
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('the operator CLI on a running server', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jam-cli-'));
    t = await startTestApp({
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'jwt-access-manager.sqlite')}`,
    });
  });

  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });
  const listUsers = (token: string) => t.http.get('/api/v1/users').set('Authorization', `Bearer ${token}`);

  it('creates an administrator with a generated password, shown once, that logs in and administers', async () => {
    const run = await cli(dataDir, ['admin', 'create', 'Root']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Administrator account created. Its password is shown this once:');
    expect(run.stdout).toContain('|   username: root ');
    const password = shownPassword(run.stdout);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(run.stdout.split(password)).toHaveLength(2);
    const session = await login('root', password);
    expect(session.status).toBe(200);
    expect((await listUsers(session.body.access_token)).status).toBe(200);
  });

  it('creates an administrator with the password from standard input and the given email', async () => {
    const run = await cli(
      dataDir,
      ['admin', 'create', 'ops', '--email', 'ops@example.com', '--password-stdin'],
      `${STRONG}\n`,
    );
    expect(run).toMatchObject({ status: 0, stdout: "Created administrator 'ops'.\n" });
    expect((await login('ops@example.com', STRONG)).status).toBe(200);
  });

  it("resets a password the API's way: the earlier session is refused, the new password logs in, the change is audited", async () => {
    await cli(dataDir, ['admin', 'create', 'lost', '--password-stdin'], STRONG);
    const before = await login('lost', STRONG);
    expect((await listUsers(before.body.access_token)).status).toBe(200);

    const run = await cli(dataDir, ['admin', 'reset-password', 'lost']);
    expect(run.status).toBe(0);
    const password = shownPassword(run.stdout);

    // The CLI is another process: without Redis to tell it, the server sees the change once what
    // it cached of the session and account expires (service.cache.ttl, 30 s).
    t.clock.advance(31);
    const refused = await listUsers(before.body.access_token);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('token_revoked');
    expect((await login('lost', STRONG)).status).toBe(401);
    expect((await login('lost', password)).status).toBe(200);
    const audited = await t.http
      .get('/api/v1/audit-events')
      .query({ type: 'user_changed', user_id: before.body.user.id })
      .set(bearer(t.adminToken))
      .expect(200);
    expect(
      audited.body.items
        .filter((e: { reason: string }) => e.reason === 'password_changed')
        .map((e: { actor_id: string }) => e.actor_id),
    ).toEqual([null]);
  });

  it('refuses a username that is taken', async () => {
    expectOperatorError(await cli(dataDir, ['admin', 'create', 'admin']), 'A user with this username already exists.');
  });

  it('refuses a weak password and says why', async () => {
    const run = await cli(dataDir, ['admin', 'create', 'weak', '--password-stdin'], 'password123');
    expectOperatorError(run, 'password is too easy to guess');
    expect((await login('weak', 'password123')).status).toBe(401);
  });

  it('refuses to reset the password of an unknown user', async () => {
    expectOperatorError(await cli(dataDir, ['admin', 'reset-password', 'nobody'], ''), "No user 'nobody'.");
  });
});

describe("the operator CLI's audit commands", () => {
  const DAY_MS = 86400_000;
  // Each test runs the CLI twice, and each run compiles and starts the server's modules in a new
  // process: many seconds on a busy machine.
  const TWO_RUNS_MS = 60_000;
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jam-cli-'));
    // The server lives 100 days in the past, so that what it writes is older than the retention
    // (90 days) on the CLI's real clock.
    t = await startTestApp(
      { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'jwt-access-manager.sqlite')}` },
      new FakeClock(Date.now() - 100 * DAY_MS),
    );
  });

  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const events = async () =>
    (await t.http.get('/api/v1/audit-events').query({ per_page: 200 }).set(bearer(t.adminToken)).expect(200)).body;

  it(
    'verifies the chain: prints the report, exit status 0 when whole and 1 when an event was edited',
    async () => {
      const whole = await cli(dataDir, ['audit', 'verify']);
      const { total, items } = await events();
      expect(whole).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(whole.stdout)).toEqual({ ok: true, checked: total });

      const edited = items[items.length - 1].id;
      const database = t.app.get(DataSource);
      const [{ reason }] = await database.query('SELECT reason FROM audit_events WHERE id = ?', [edited]);
      await database.query("UPDATE audit_events SET reason = 'forged' WHERE id = ?", [edited]);
      try {
        const broken = await cli(dataDir, ['audit', 'verify']);
        expect(broken.status).toBe(1);
        expect(JSON.parse(broken.stdout)).toEqual({ ok: false, checked: 0, first_broken_id: edited });
      } finally {
        await database.query('UPDATE audit_events SET reason = ? WHERE id = ?', [reason, edited]);
      }
    },
    TWO_RUNS_MS,
  );

  it(
    'prunes now what is older than the retention, prints the counts, and the chain still verifies',
    async () => {
      const before = (await events()).total;
      const run = await cli(dataDir, ['prune']);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({
        cutoff: expect.any(String),
        retention_days: 90,
        deleted: { audit_events: before, tokens: 0, sessions: 0 },
      });
      expect((await events()).total).toBe(0);

      await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ username: 'after', email: 'after@example.com', password: STRONG })
        .expect(201);
      expect(JSON.parse((await cli(dataDir, ['audit', 'verify'])).stdout)).toEqual({ ok: true, checked: 1 });
    },
    TWO_RUNS_MS,
  );
});

describe('the operator CLI on a new database', () => {
  it('brings the schema up and creates the administrator it is asked for, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jam-cli-'));
    try {
      const run = await cli(dir, ['admin', 'create', 'admin', '--password-stdin'], STRONG);
      expect(run).toMatchObject({ status: 0, stdout: "Created administrator 'admin'.\n", stderr: '' });
      const database = new DataSource({ type: 'better-sqlite3', database: join(dir, 'jwt-access-manager.sqlite') });
      await database.initialize();
      const users: unknown = await database.query('SELECT username FROM users');
      await database.destroy();
      expect(users).toEqual([{ username: 'admin' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the operator CLI without a usable database', () => {
  it('says why it cannot open the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jam-cli-'));
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, '');
    try {
      expectOperatorError(await cli(notADirectory, ['admin', 'create', 'root']), `mkdir '${notADirectory}'`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists its commands', async () => {
    const run = await cli(tmpdir(), ['admin', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/create \[options\] <username>/);
    expect(run.stdout).toMatch(/reset-password \[options\] <username>/);
  });
});
