import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/bootstrap';
import { ServerEnvironment } from '../src/common/environment';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';
import { FakeClock } from './fake-clock';

export const ADMIN = { username: 'admin', password: 'Admin-Secret-Pass-1' };

/** The environment layer that turns every rate limit off (a runtime PUT /config still overrides it). */
export const RATE_LIMITS_OFF = {
  SERVICE_RATE_LIMIT_LOGIN: '0',
  SERVICE_RATE_LIMIT_TOKEN: '0',
  SERVICE_RATE_LIMIT_REFRESH: '0',
};

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  clock: FakeClock;
  adminToken: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the real server (real database through the real migrations, real signing key) with a
 * fake clock, logged in as the seeded administrator.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  clock: FakeClock = new FakeClock(),
): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'jam-test-'));
  const environment = new ServerEnvironment({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Off unless a test is about them (rate-limit.e2e-spec.ts turns them on): the suite logs in and
    // calls far more often than a client would in a minute of its fake clock.
    ...RATE_LIMITS_OFF,
    ...env,
  });
  const app = await createApp(environment, { clock });
  const http = request(app.getHttpServer());
  const login = await http.post('/api/v1/auth/login').send(ADMIN);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    app,
    http,
    clock,
    adminToken: login.body.access_token,
    dataDir,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The error createApp fails with for this environment, on a database of its own. On in-memory
 * SQLite whatever TEST_DB says: a start that fails after the database connected leaves no app to
 * close, and a MariaDB pool left open would keep Jest from exiting.
 */
export async function startupError(env: Record<string, string>): Promise<Error> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jam-test-'));
  try {
    const environment = new ServerEnvironment({
      DATABASE_URL: 'sqlite::memory:',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...env,
    });
    const app = await createApp(environment).catch((error: Error) => error);
    if (!(app instanceof Error)) {
      await app.close();
      throw new Error('the server started');
    }
    return app;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
