import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggedApp } from './captured-log';
import { CapturedLog, startWithCapturedLog } from './captured-log';

const PINO_INFO = 30;

async function logsIn(t: LoggedApp, username: string, password: string): Promise<number> {
  const response = await t.http.post('/api/v1/auth/login').send({ username, password });
  return response.status;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('the first start on a terminal', () => {
  let t: LoggedApp;

  afterEach(async () => {
    await t.close();
  });

  it('shows the generated administrator password framed on its own, once', async () => {
    t = await startWithCapturedLog({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', ADMIN_USERNAME: 'root' });
    const block =
      /\n\+-+\+\n\| Administrator account created\. Its password is shown this once: +\|\n[\s\S]*?\n\+-+\+\n/.exec(
        t.log.text,
      );
    expect(block).not.toBeNull();
    expect(block?.[0]).toContain('|   username: root ');
    const password = /\| {3}password: (\S+) /.exec(block?.[0] ?? '')?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(occurrences(t.log.text, password)).toBe(1);
    expect(await logsIn(t, 'root', password)).toBe(200);
  });

  it('logs human-readably and keeps the route mapping out of the info level', async () => {
    t = await startWithCapturedLog({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', ADMIN_PASSWORD: 'Admin-Secret-Pass-1' });
    expect(t.log.records()).toEqual([]);
    expect(t.log.text).toMatch(/INFO.*Nest application successfully started/);
    expect(t.log.text).not.toMatch(/Mapped \{/);
    expect(t.log.text).not.toMatch(/dependencies initialized/);
  });

  it('shows the block even when LOG_LEVEL hides everything else', async () => {
    t = await startWithCapturedLog({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'silent' });
    const password = /\| {3}password: (\S+) /.exec(t.log.text)?.[1] ?? '';
    expect(await logsIn(t, 'admin', password)).toBe(200);
    expect(t.log.text.trim().split('\n')).toHaveLength(8);
  });

  it('is pretty when the log goes to a terminal and LOG_FORMAT is unset', async () => {
    t = await startWithCapturedLog({ LOG_LEVEL: 'info' }, { log: new CapturedLog(true) });
    expect(t.log.records()).toEqual([]);
    expect(t.log.text).toContain('|   password: ');
  });
});

describe('the first start with JSON logs', () => {
  let t: LoggedApp;

  afterEach(async () => {
    await t.close();
  });

  it('writes the generated password as one record with a clear message, whatever the level', async () => {
    t = await startWithCapturedLog({ LOG_FORMAT: 'json', LOG_LEVEL: 'silent' });
    const records = t.log.records();
    expect(records).toEqual([
      expect.objectContaining({
        context: 'Seed',
        username: 'admin',
        msg: "Created administrator 'admin' with a generated password, shown once",
      }),
    ]);
    const password = String(records[0].password);
    expect(occurrences(t.log.text, password)).toBe(1);
    expect(await logsIn(t, 'admin', password)).toBe(200);
  });

  it('is the default when the log does not go to a terminal', async () => {
    t = await startWithCapturedLog({ LOG_LEVEL: 'info', ADMIN_PASSWORD: 'Admin-Secret-Pass-1' });
    const records = t.log.records();
    expect(records.length).toBeGreaterThan(0);
    expect(t.log.text.split('\n').filter((line) => line && !line.startsWith('{'))).toEqual([]);
    expect(records.filter((record) => record.context === 'RouterExplorer' && record.level === PINO_INFO)).toEqual([]);
    expect(t.log.text).not.toContain('Admin-Secret-Pass-1');
  });
});

describe('a later start', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-first-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['pretty', 'json'])('does not show a password again (%s)', async (format) => {
    const env = { LOG_FORMAT: format, LOG_LEVEL: 'info', DATABASE_URL: `sqlite:${join(dir, `${format}.sqlite`)}` };
    const first = await startWithCapturedLog(env, { dataDir: dir });
    await first.close();
    expect(first.log.text).toMatch(/generated password|password is shown this once/);

    const second = await startWithCapturedLog(env, { dataDir: dir });
    await second.close();
    expect(second.log.text).toContain('Nest application successfully started');
    expect(second.log.text).not.toMatch(/password/i);
  });
});
