import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { createConnection } from 'mysql2/promise';
import { OPTION_KEYS, envNameOf } from '../src/config/catalogue';
import { command, machine, recordSection } from './record';

/**
 * `npm run bench`: every target in one run, on loopback, each app in its own child process and
 * autocannon in this one. Per target and round: a warm-up (BENCH_WARMUP seconds, not counted)
 * then a measured run (BENCH_SECONDS) at BENCH_CONNECTIONS connections; BENCH_ROUNDS rounds,
 * interleaved across the targets so that a noisy neighbour hits all of them alike; the medians
 * are reported. A measured run with any non-2xx answer or error is INVALID and not counted.
 *
 * The apps: this server from `dist/main.js` (npm run build first; `npm run bench` does), the
 * bare hello (bench/hello) and the textbook baseline (bench/textbook) through ts-node's
 * transpile-only register (compiled once at start-up, before anything is measured).
 * The run ends with the 1,000,000-row registry on MariaDB (MARIADB_URL, default
 * mariadb://root@127.0.0.1:3306; a database of its own, dropped after): about 2 of the run's ~6
 * minutes on a 2-core machine. BENCH_MILLION=0 leaves it out (no MariaDB needed then).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const MILLION = process.env.BENCH_MILLION !== '0';
const MARIADB_URL = process.env.MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';
const REGISTRY_ROWS = Number(process.env.BENCH_REGISTRY_ROWS ?? 1_000_000);
const PASSWORD = 'Bench-Admin-Pass-1';
const TEXTBOOK_SECRET = randomBytes(24).toString('base64url');
const ROOT = join(__dirname, '..');
const POLICY_SECTION = 'Policy decision (in process)';
const TITLE = 'HTTP (npm run bench)';

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** One thing to load: a fixed request, or a request built per call (refresh). */
interface Target {
  name: string;
  options: () => Partial<autocannon.Options> & { url: string };
  /** Runs before each load (refresh tops its pool of tokens up). */
  before?: () => Promise<void>;
  after?: () => Promise<void>;
  rounds: Measured[];
}

interface App {
  base: string;
  process: ChildProcess;
}

let nextPort = Number(process.env.BENCH_PORT ?? 3917);
const children: ChildProcess[] = [];

async function start(name: string, args: string[], env: NodeJS.ProcessEnv, probe: string): Promise<App> {
  const port = nextPort++;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      await fetch(base + probe);
      return { base, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not start within 60 s`);
}

const tsNode = (file: string) => ['-r', 'ts-node/register/transpile-only', join(ROOT, file)];

/** Rate limits off (where this version has them), so the bench measures the path, not the 429s. */
function serverOptions(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of OPTION_KEYS)
    if (key.startsWith('service.rate_limit.') && (key as string) !== 'service.rate_limit.trust_proxy')
      env[envNameOf(key)] = '0';
  return env;
}

async function startServer(name: string, databaseUrl: string | undefined, dataDir: string, extra: string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...serverOptions(),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: databaseUrl ?? `sqlite:${join(dataDir, `${name}.sqlite`)}`,
  };
  const app = await start(name, [...extra, join(ROOT, 'dist', 'main.js')], env, '/health');
  return app;
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

interface Session {
  access_token: string;
  refresh_token: string;
  user: { id: string };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function login(base: string): Promise<Session> {
  return json<Session>(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }),
  );
}

/** A session access token, the caller's id and a registry (API) token of the admin. */
async function credentials(base: string) {
  const session = await login(base);
  const access = { authorization: `Bearer ${session.access_token}` };
  const issued = await json<{ token: string }>(
    await fetch(`${base}/api/v1/users/${session.user.id}/tokens`, {
      method: 'POST',
      headers: { ...access, ...JSON_HEADERS },
      body: '{}',
    }),
  );
  return { access, userId: session.user.id, registry: { authorization: `Bearer ${issued.token}` } };
}

/**
 * POST /auth/refresh spends its token (rotation, reuse detection), so every request needs a
 * fresh one: a pool of session chains, one token each. A request takes a token from the pool
 * and its answer puts the successor back; with more chains than connections the pool never
 * runs dry. Requests cut off when a run ends leave their token spent and the successor unseen:
 * presented again within service.jwt.refresh_reuse_interval (10 s), the spent parent answers
 * the current pair, which puts the chain back; failing that a new login replaces it.
 */
function refreshTarget(base: string): Target {
  const pool: string[] = [];
  const inFlight = new Set<string>();
  const chains = CONNECTIONS + 5;
  const take = () => {
    const token = pool.pop();
    if (!token) throw new Error('the refresh pool ran dry');
    inFlight.add(token);
    return token;
  };
  const refresh = (token: string) =>
    fetch(`${base}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ refresh_token: token }),
    });
  return {
    name: 'POST /api/v1/auth/refresh',
    rounds: [],
    before: async () => {
      for (const token of [...inFlight]) {
        inFlight.delete(token);
        const response = await refresh(token);
        if (response.ok) pool.push(((await response.json()) as Session).refresh_token);
      }
      while (pool.length < chains) pool.push((await login(base)).refresh_token);
    },
    options: () => ({
      url: `${base}/api/v1/auth/refresh`,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/auth/refresh',
          headers: JSON_HEADERS,
          // autocannon's context is per connection and request: it carries the token to its answer.
          setupRequest: (request, context: { token?: string }) => {
            context.token = take();
            return { ...request, body: JSON.stringify({ refresh_token: context.token }) };
          },
          onResponse: (status, body, context: { token?: string }) => {
            if (status >= 300) return;
            inFlight.delete(context.token!);
            pool.push((JSON.parse(body) as Session).refresh_token);
          },
        },
      ],
    }),
  };
}

/** The same request over and over. */
const fixed = (name: string, base: string, path: string, headers: Record<string, string> = {}): Target => ({
  name,
  rounds: [],
  options: () => ({ url: base + path, headers }),
});

async function load(target: Target, seconds: number): Promise<Measured> {
  await target.before?.();
  const result = await autocannon({ connections: CONNECTIONS, duration: seconds, ...target.options() });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (values: number[]) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  invalid: number;
  rounds: number;
}

function summarise(target: Target): Row {
  const valid = target.rounds.filter((round) => round.non2xx === 0);
  return {
    name: target.name,
    rps: median(valid.map((round) => round.rps)),
    p50: median(valid.map((round) => round.p50)),
    p99: median(valid.map((round) => round.p99)),
    invalid: target.rounds.length - valid.length,
    rounds: target.rounds.length,
  };
}

async function runRounds(targets: Target[]): Promise<Row[]> {
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const target of targets) {
      if (WARMUP > 0) await load(target, WARMUP);
      const measured = await load(target, SECONDS);
      target.rounds.push(measured);
      console.log(
        `round ${round} ${target.name.padEnd(44)} ${measured.rps.toFixed(0).padStart(7)} req/s  p50 ${measured.p50} ms  p99 ${measured.p99} ms${measured.non2xx ? `  INVALID: ${measured.non2xx} non-2xx/errors` : ''}`,
      );
    }
  }
  return targets.map(summarise);
}

/** MariaDB: a fresh database, dropped after. */
async function withMariaDb<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `jam_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(MARIADB_URL);
  await admin.query(`CREATE DATABASE \`${name}\``);
  try {
    return await run(`${MARIADB_URL.replace(/\/$/, '')}/${name}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

/**
 * Fills `tokens` with REGISTRY_ROWS rows in one INSERT ... SELECT from MariaDB's SEQUENCE engine
 * (seq_1_to_N), other users' API tokens with distinct jtis, half of them revoked.
 */
async function fillRegistry(databaseUrl: string): Promise<string> {
  const connection = await createConnection(databaseUrl);
  const started = Date.now();
  try {
    await connection.query(
      `INSERT INTO tokens (jti, user_id, token_use, description, claims, issued_at, expires_at, refreshable, revocable, revoked_at, revoke_reason)
       SELECT CONCAT('bench-', LPAD(seq, 30, '0')), CONCAT('user-', seq MOD 10000), 'api', NULL, '{}',
              NOW(3) - INTERVAL (seq MOD 86400) SECOND, NOW(3) + INTERVAL 30 DAY, 0, 1,
              IF(seq MOD 2 = 0, NOW(3), NULL), IF(seq MOD 2 = 0, 'revoked', NULL)
       FROM seq_1_to_${REGISTRY_ROWS}`,
    );
    const [[{ n }]] = (await connection.query('SELECT COUNT(*) AS n FROM tokens')) as unknown as [[{ n: number }]];
    return `${Number(n).toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(0)} s (one INSERT ... SELECT FROM seq_1_to_${REGISTRY_ROWS}, MariaDB's SEQUENCE engine)`;
  } finally {
    await connection.end();
  }
}

async function million(dataDir: string): Promise<{ rows: Row[]; fill: string }> {
  return withMariaDb(async (url) => {
    const server = await startServer('mariadb', url, dataDir);
    try {
      // Not interleaved: the empty registry is measured before the fill, the full one after it.
      const empty = await credentials(server.base);
      const before = await runRounds([
        fixed('MariaDB, registry of 1 row: /me (session)', server.base, '/api/v1/me', empty.access),
        fixed('MariaDB, registry of 1 row: /me (API token)', server.base, '/api/v1/me', empty.registry),
      ]);
      const fill = await fillRegistry(url);
      const full = await credentials(server.base);
      const after = await runRounds([
        fixed('MariaDB, 1M-row registry: /me (session)', server.base, '/api/v1/me', full.access),
        fixed('MariaDB, 1M-row registry: /me (API token)', server.base, '/api/v1/me', full.registry),
      ]);
      const rows = [...before, ...after];
      return { rows, fill };
    } finally {
      server.process.kill();
    }
  });
}

function policyRow(): string {
  const file = join(ROOT, 'docs', 'benchmarks.md');
  if (!existsSync(file)) return 'not run (npm run bench:policy)';
  const text = readFileSync(file, 'utf8');
  const section = text.slice(text.indexOf(`## ${POLICY_SECTION}`));
  const p50 = /\| p50 \| ([^|]+) \|/.exec(section)?.[1]?.trim();
  const p99 = /\| p99 \| ([^|]+) \|/.exec(section)?.[1]?.trim();
  const rate = /\| decisions\/s \(untimed pass\) \| ([^|]+) \|/.exec(section)?.[1]?.trim();
  return `${rate} decisions/s, p50 ${p50}, p99 ${p99} (from the policy section of this file)`;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(rows: Row[], reference: Map<string, string>): string {
  const lines = [
    '| target | req/s (median) | p50 ms | p99 ms | ratio | valid rounds |',
    '|---|---:|---:|---:|---|---:|',
  ];
  for (const row of rows) {
    const ratio = reference.get(row.name);
    lines.push(
      `| ${row.name} | ${row.invalid === row.rounds ? 'INVALID' : fmt(row.rps)} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${ratio === undefined ? '' : ratio} | ${row.rounds - row.invalid}/${row.rounds}${row.invalid ? ' (INVALID rounds not counted)' : ''} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const load0 = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const dataDir = mkdtempSync(join(tmpdir(), 'jam-bench-'));
  try {
    const [hello, textbook, server] = await Promise.all([
      start('hello', tsNode('bench/hello/main.ts'), {}, '/hello'),
      start(
        'textbook',
        tsNode('bench/textbook/main.ts'),
        {
          JWT_SECRET: TEXTBOOK_SECRET,
          DATABASE: join(dataDir, 'textbook.sqlite'),
        },
        '/me',
      ),
      startServer('server', undefined, dataDir),
    ]);
    const own = await credentials(server.base);
    const textbookToken = jwt.sign({ sub: 1, username: 'john' }, TEXTBOOK_SECRET, { expiresIn: '1h' });
    const targets: Target[] = [
      fixed('hello (bare NestJS + Fastify)', hello.base, '/hello'),
      fixed('textbook /me (passport-jwt + TypeORM)', textbook.base, '/me', {
        authorization: `Bearer ${textbookToken}`,
      }),
      fixed('GET /health', server.base, '/health'),
      fixed('GET /api/v1/me (session token)', server.base, '/api/v1/me', own.access),
      fixed('GET /api/v1/me (API token)', server.base, '/api/v1/me', own.registry),
      fixed('GET /api/v1/users/{own id} (auth + policy)', server.base, `/api/v1/users/${own.userId}`, own.access),
      refreshTarget(server.base),
    ];
    console.log(
      `${ROUNDS} rounds × (${WARMUP} s warm-up + ${SECONDS} s) per target, ${CONNECTIONS} connections, server on SQLite`,
    );
    const rows = await runRounds(targets);
    for (const app of [hello, textbook, server]) app.process.kill();

    const by = (name: string) => rows.find((row) => row.name === name)!;
    const h = by('hello (bare NestJS + Fastify)');
    const t = by('textbook /me (passport-jwt + TypeORM)');
    const health = by('GET /health');
    const me = by('GET /api/v1/me (session token)');
    const users = by('GET /api/v1/users/{own id} (auth + policy)');
    const ratio = (a: Row, b: Row) => a.rps / b.rps;
    const reference = new Map<string, string>([
      [health.name, `${fmt(ratio(health, h), 2)} × hello`],
      [me.name, `${fmt(ratio(me, health), 2)} × /health, ${fmt(ratio(me, t), 1)} × textbook`],
      [by('GET /api/v1/me (API token)').name, `${fmt(ratio(by('GET /api/v1/me (API token)'), health), 2)} × /health`],
      [users.name, `${fmt(ratio(users, health), 2)} × /health`],
      [t.name, `${fmt(ratio(t, h), 2)} × hello`],
    ]);
    const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
    const ownGets = [health, me, by('GET /api/v1/me (API token)'), users];
    const slowP99 = ownGets.filter((row) => !(row.p99 < 10));
    const checks = [
      `\`/me\` ≥ 0.8 × \`/health\`: ${fmt(ratio(me, health), 2)} — ${verdict(ratio(me, health) >= 0.8)}`,
      `\`/me\` ≥ 3× textbook (stretch 5×): ${fmt(ratio(me, t), 1)} — ${verdict(ratio(me, t) >= 3)}${ratio(me, t) >= 5 ? ' (stretch met)' : ''}`,
      `\`/users/{id}\` ≥ 0.75 × \`/health\`: ${fmt(ratio(users, health), 2)} — ${verdict(ratio(users, health) >= 0.75)}`,
      `\`/health\` ≥ 0.6 × hello: ${fmt(ratio(health, h), 2)} — ${verdict(ratio(health, h) >= 0.6)}`,
      `p99 < 10 ms at ${CONNECTIONS} connections (this server's GET routes): ${slowP99.length ? `missed (${slowP99.map((row) => `${row.name} ${fmt(row.p99)} ms`).join(', ')})` : 'met'}`,
    ];

    let millionPart = '\nThe 1,000,000-row registry on MariaDB was left out of this run (BENCH_MILLION=0).\n';
    let millionTable = '';
    if (MILLION) {
      console.log(`1M-row registry on MariaDB (${MARIADB_URL})`);
      const result = await million(dataDir);
      millionTable = table(result.rows, new Map());
      millionPart = `\n### Registry of 1,000,000 tokens (MariaDB)\n\nFilled with ${result.fill}, on the server's own schema, while the server ran. Same server and database: its rounds on the registry holding only its own API token first, then the fill, then the rounds on the full registry (with fresh tokens, so their registry rows are not yet cached when the warm-up starts).\n\n${millionTable}\n`;
    }

    const body = `
${ROUNDS} rounds, interleaved across the targets; per target and round ${WARMUP} s of warm-up (not counted) then ${SECONDS} s measured, autocannon at ${CONNECTIONS} connections from the bench process, each app in its own process on loopback. Medians of the valid rounds; a round with any non-2xx answer or error is INVALID and not counted. This server on SQLite (a fresh file), rate limits off, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'} (request logging on, as in production). Refresh: each request spends a refresh token and puts its successor back in a pool of ${CONNECTIONS + 5} session chains.

${table(rows, reference)}

Policy decision, in process: ${policyRow()}.

Targets:
${checks.map((check) => `- ${check}`).join('\n')}
${millionPart}
- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- machine: ${machine().replace(/load average .*$/, `load average ${load0} at the start`)}
- command: \`${command('npx ts-node --transpile-only bench/http.ts')}\`
`;
    console.log(`\n${table(rows, reference)}\n${checks.join('\n')}\n${millionTable}`);
    console.log(`recorded in ${recordSection(TITLE, body)}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  for (const child of children) if (child.exitCode === null) child.kill();
  process.exit(1);
});
