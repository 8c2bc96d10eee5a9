import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const CONFIG = resolve(__dirname, '../.dependency-cruiser.cjs');
const CLI = resolve(__dirname, '../node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the lint's dependency check over a scratch src/ tree of one-line files (path → what it imports). */
function violationsOf(files: Record<string, string[]>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'jam-deps-'));
  try {
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
    for (const [path, imports] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      const body = imports.map((target) => `import '${target}';\n`).join('') + 'export const x = 1;\n';
      writeFileSync(join(root, path), body);
    }
    const run = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG, '--output-type', 'json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
    const { summary } = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
    return summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** One scratch tree with one broken boundary per case; the cases share no import that could close another cycle. */
const BROKEN: Record<string, string[]> = {
  'src/common/clock.ts': ['../config/catalogue'],
  'src/config/catalogue.ts': [],
  'src/database/entities.ts': ['../users/user.entity'],
  'src/users/user.entity.ts': [],
  'src/config/config.service.ts': ['../audit/audit.service'],
  'src/audit/audit.service.ts': [],
  'src/health/health.ts': ['../ratelimit/limits', '../app.module'],
  'src/ratelimit/limits.ts': [],
  'src/app.module.ts': [],
  'src/tokens/views.ts': ['../policies/policy.service'],
  'src/policies/policy.service.ts': [],
  'src/policies/guard.ts': ['../tokens/claims'],
  'src/tokens/claims.ts': [],
  'src/users/errors.ts': ['./users.service'],
  'src/users/users.service.ts': ['./errors'],
  'src/webhooks/webhooks.ts': ['../common/clock'],
};

describe('module boundary rules (npm run lint)', () => {
  let broken: string[];
  const reported = (prefix: string) => broken.filter((v) => v.startsWith(prefix));

  beforeAll(() => {
    broken = violationsOf(BROKEN);
  });

  it('lets a module import the layers below it, and its own sub-folders import back into it', () => {
    expect(
      violationsOf({
        'src/auth/auth.ts': ['../tokens/tokens', '../common/clock'],
        'src/tokens/tokens.ts': ['../users/users', '../policies/policies'],
        'src/users/users.ts': ['./dto/user.dto', '../database/database'],
        'src/users/dto/user.dto.ts': ['../user.entity'],
        'src/users/user.entity.ts': ['../database/columns'],
        'src/policies/policies.ts': ['../config/config'],
        'src/config/config.ts': ['../database/database'],
        'src/database/database.ts': ['../common/clock'],
        'src/database/columns.ts': [],
        'src/common/clock.ts': [],
        'src/app.module.ts': ['./auth/auth'],
      }),
    ).toEqual([]);
  });

  it('refuses common importing anything else from src/', () => {
    expect(reported('common-')).toEqual([
      'common-imports-only-lower-layers: src/common/clock.ts → src/config/catalogue.ts',
    ]);
  });

  it('refuses database importing a domain module', () => {
    expect(reported('database-')).toEqual([
      'database-imports-only-lower-layers: src/database/entities.ts → src/users/user.entity.ts',
    ]);
  });

  it('refuses a module importing one on a higher layer or on its own, or the wiring above all modules', () => {
    expect([...reported('config-'), ...reported('health-')]).toEqual([
      'config-imports-only-lower-layers: src/config/config.service.ts → src/audit/audit.service.ts',
      'health-imports-only-lower-layers: src/health/health.ts → src/app.module.ts',
      'health-imports-only-lower-layers: src/health/health.ts → src/ratelimit/limits.ts',
    ]);
  });

  it('refuses module folders that import each other in a cycle, even without a file cycle', () => {
    expect([...reported('no-module-cycles'), ...reported('policies-')]).toEqual([
      'no-module-cycles: src/policies → src/tokens',
      'no-module-cycles: src/tokens → src/policies',
      'policies-imports-only-lower-layers: src/policies/guard.ts → src/tokens/claims.ts',
    ]);
  });

  it('refuses files that import each other in a cycle inside one module', () => {
    expect(reported('no-cycles')).toEqual([
      expect.stringMatching(
        /^no-cycles: src\/users\/(errors|users\.service)\.ts → src\/users\/(errors|users\.service)\.ts$/,
      ),
    ]);
  });

  it('refuses a module folder that has no place in the layer table', () => {
    expect(reported('module-in')).toEqual([
      'module-in-the-layer-table: src/webhooks/webhooks.ts → src/common/clock.ts',
    ]);
  });

  it('reports nothing but the broken boundaries', () => {
    expect(broken).toHaveLength(10);
  });
});
