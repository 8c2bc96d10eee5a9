import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A database server of a test's own (Redis: redis-server.ts), on free ports, that the test may stop and start:
 * outage tests never touch the shared one on 3306. A missing binary fails the test.
 */
export interface PrivateService {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on `port`, or fails once `timeoutMs` has passed. */
async function listening(port: number, child: ChildProcess, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
}

async function stopped(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function service(
  port: number,
  directory: string,
  url: string,
  what: string,
  command: string,
  args: string[],
): PrivateService {
  let child: ChildProcess | undefined;
  const handle: PrivateService = {
    port,
    url,
    async start() {
      child = spawn(command, args, { stdio: 'ignore' });
      await listening(port, child, what);
    },
    stop: () => stopped(child),
    async destroy() {
      await handle.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return handle;
}

/** A MariaDB server of its own (mariadb-install-db, then mariadbd), with an empty database `jam`; root has no password. */
export async function startPrivateMariaDb(): Promise<PrivateService> {
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'jam-mariadb-'));
  const datadir = join(directory, 'data');
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );
  const db = service(port, directory, `mariadb://root@127.0.0.1:${port}/jam`, 'mariadbd', '/usr/sbin/mariadbd', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(directory, 'mariadb.sock')}`,
    '--skip-log-bin',
    '--innodb-buffer-pool-size=32M',
  ]);
  await db.start();
  execFileSync('mariadb', ['-h127.0.0.1', `-P${port}`, '-uroot', '-e', 'CREATE DATABASE jam']);
  return db;
}
