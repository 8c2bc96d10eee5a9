import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

const FILE = join(__dirname, '..', 'docs', 'benchmarks.md');
const PREAMBLE =
  '# Benchmarks\n\nMeasured numbers, each section rewritten by the benchmark that measures it. Numbers from a\nshared or busy machine are upper bounds; compare runs on the same machine only.\n';

/** The machine a result was measured on, so a number is never read without it. */
export function machine(): string {
  const cores = cpus();
  const gib = Math.round(totalmem() / 2 ** 30);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cores[0]?.model ?? 'unknown CPU'}, ${cores.length} cores, ${gib} GiB, ${platform()} ${release()}, Node ${process.version}, load average ${load} at the start`;
}

/** The command that ran this benchmark, as a reader would type it. */
export function command(fallback: string): string {
  const script = process.env.npm_lifecycle_event;
  return script?.startsWith('bench') ? `npm run ${script}` : fallback;
}

/**
 * Writes `## <title>` into docs/benchmarks.md, replacing that section only (up to the next `## `
 * heading), so each benchmark keeps the others' results.
 */
export function recordSection(title: string, body: string): string {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : PREAMBLE;
  const heading = `## ${title}\n`;
  const section = `${heading}\n${body.trim()}\n`;
  const start = current.indexOf(heading);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const end = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + section + (end < 0 ? '' : current.slice(end));
  }
  writeFileSync(FILE, next);
  return FILE;
}
