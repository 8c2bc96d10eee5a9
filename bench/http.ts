import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap';
import { ServerEnvironment } from '../src/config/environment';

/**
 * Measures the authenticated hot path over HTTP on loopback: requests per second and latency
 * percentiles for a few routes, bounded in time. Run with `npm run bench`.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function run(name: string, url: string, headers: Record<string, string>): Promise<void> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) failures += 1;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  console.log(`${name.padEnd(28)} ${(latencies.length / SECONDS).toFixed(0).padStart(7)} req/s   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   non-200: ${failures}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jam-bench-'));
  const password = 'Bench-Admin-Pass-1';
  const env = new ServerEnvironment({ DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'bench.sqlite')}`, ADMIN_PASSWORD: password, LOG_LEVEL: 'silent' });
  const app = await createApp(env);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  try {
    const login = await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json();
    const me = await (await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${login.access_token}` } })).json();
    const issued = await (
      await fetch(`${base}/api/v1/users/${me.user.id}/tokens`, { method: 'POST', headers: { authorization: `Bearer ${login.access_token}`, 'content-type': 'application/json' }, body: '{}' })
    ).json();
    console.log(`${SECONDS}s per route, ${CONCURRENCY} concurrent requests, ${env.databaseUrl.split(':')[0]}`);
    await run('GET /health (no auth)', `${base}/health`, {});
    await run('GET /users/{id} (access token)', `${base}/api/v1/users/${me.user.id}`, { authorization: `Bearer ${login.access_token}` });
    await run('GET /users/{id} (registry token)', `${base}/api/v1/users/${me.user.id}`, { authorization: `Bearer ${issued.token}` });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
