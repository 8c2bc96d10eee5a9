import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Measures the authenticated hot path over HTTP on loopback: the built server (npm run build)
 * runs in its own process and autocannon loads it from this one, bounded in time.
 * Run with `npm run bench`; BENCH_SECONDS, BENCH_CONNECTIONS and DATABASE_URL tune it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'Bench-Admin-Pass-1';

async function waitForServer(server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start within 10 s');
}

async function load(title: string, path: string, headers: Record<string, string> = {}): Promise<void> {
  const result = await autocannon({ url: BASE + path, headers, connections: CONNECTIONS, duration: SECONDS });
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(34)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   failed: ${non2xx}`,
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jam-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  };
  if (!process.env.DATABASE_URL) env.DATABASE_URL = `sqlite:${join(dataDir, 'bench.sqlite')}`;
  const server = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer(server);
    const json = { 'content-type': 'application/json' };
    const login = await (
      await fetch(`${BASE}/api/v1/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      })
    ).json();
    const access = { authorization: `Bearer ${login.access_token}` };
    const me = await (await fetch(`${BASE}/api/v1/me`, { headers: access })).json();
    const issued = await (
      await fetch(`${BASE}/api/v1/users/${me.user.id}/tokens`, {
        method: 'POST',
        headers: { ...access, ...json },
        body: '{}',
      })
    ).json();

    console.log(`${SECONDS} s per route, ${CONNECTIONS} connections, ${env.DATABASE_URL!.split(':')[0]}`);
    await load('GET /health (no token)', '/health');
    await load('GET /users/{id} (access token)', `/api/v1/users/${me.user.id}`, access);
    await load('GET /users/{id} (registry token)', `/api/v1/users/${me.user.id}`, {
      authorization: `Bearer ${issued.token}`,
    });
    await load('GET /users/{id} (bad signature)', `/api/v1/users/${me.user.id}`, {
      authorization: `Bearer ${issued.token.slice(0, -4)}AAAA`,
    });
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
