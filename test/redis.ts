import { Redis } from 'ioredis';

/** The shared Redis of every machine (the brief: started before the session, and by .ci/run). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails loudly when the shared Redis cannot be reached: a test that needs it never passes by skipping. */
export async function requireRedis(url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis at ${url} is unreachable (${(error as Error).message}); start it (redis-server --daemonize yes --port 6379 --save "")`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}
