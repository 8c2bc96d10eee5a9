import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/bootstrap';
import { ServerEnvironment } from '../src/common/environment';
import type { LogDestination } from '../src/logging';
import { createTestDatabase } from './database';
import { FakeClock } from './fake-clock';

/** A log destination that keeps what the server wrote, for specs that read the log. */
export class CapturedLog implements LogDestination {
  readonly chunks: string[] = [];

  constructor(readonly isTTY?: boolean) {}

  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }

  /** A mark to read what was written after it (`since`). */
  mark(): number {
    return this.chunks.length;
  }

  since(mark: number): string {
    return this.chunks.slice(mark).join('');
  }

  /** Every JSON record written since a mark (lines that are not JSON are skipped). */
  records(mark = 0): Record<string, unknown>[] {
    return this.since(mark)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The URLs of the access records since a mark, one per request. */
  requestUrls(mark = 0): string[] {
    return this.records(mark)
      .map((record) => (record.req as { url?: string } | undefined)?.url)
      .filter((url): url is string => url !== undefined);
  }
}

export interface LoggedApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  log: CapturedLog;
  close(): Promise<void>;
}

/**
 * Starts the real server with its log written to a CapturedLog. `env` is the whole process
 * environment the server sees besides its database and data directory (no ADMIN_PASSWORD unless given).
 */
export async function startWithCapturedLog(
  env: Record<string, string>,
  options: { dataDir?: string; log?: CapturedLog } = {},
): Promise<LoggedApp> {
  const database = await createTestDatabase();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jam-log-'));
  const log = options.log ?? new CapturedLog();
  const app = await createApp(new ServerEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir, ...env }), {
    clock: new FakeClock(),
    logDestination: log,
  });
  return {
    app,
    http: request(app.getHttpServer()),
    log,
    close: async () => {
      await app.close();
      await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
