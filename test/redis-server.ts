import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './private-services';

/** The shared Redis every machine runs (.ci/run starts it when it is down). */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Fails with a reason a reader can act on when `url` does not answer PING: the Redis tests are
 * never skipped (Redis is on every machine, and CI starts it), so a missing one is an error.
 */
export async function expectRedisAt(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis at ${url} does not answer (${String(error)}): start it (redis-server --daemonize yes --port 6379 --save "") ` +
        `or point TEST_REDIS_URL at one${process.env.CI === 'true' ? '; CI must have it' : ''}`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis of the test's own, on a free port, without persistence, that the test may stop and
 * start again (never the shared one). Stopped by its PID.
 */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`cannot start redis-server (${error.message}); it is needed on every machine, CI included`)),
      );
      child.once('exit', (code) => reject(new Error(`redis-server on port ${this.port} exited with ${code}`)));
    });
    failed.catch(() => undefined);
    this.process = child;
    const deadline = Date.now() + 10_000;
    // A plain TCP probe while it starts (a refused ioredis connect leaves a timer behind), then one PING.
    while (!(await Promise.race([this.accepts(), failed]))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not listen within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expectRedisAt(this.url);
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = undefined;
  }
}
