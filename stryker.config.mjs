// Mutation testing (not in CI: it runs the covering tests once per mutant, tens of minutes per folder).
// `npm run test:mutation` mutates the four core folders with every spec; `npm run test:mutation:keys`
// (MUTATE_FOLDER=keys) one of them, focused, with its own report and incremental file under
// reports/mutation/<folder>-<mode>/ so runs do not overwrite each other. docs/testing.md explains the set-up.
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const jestConfig = require('./jest.config.js');

// Stryker's per-test coverage swaps in its own test environment, which it can only do for a
// top-level config; so the unit and e2e projects of jest.config.js run here as one project.
// MUTATION_TESTS picks the specs:
// - focused (the default with MUTATE_FOLDER): the unit specs plus the few e2e specs that exercise
//   that folder's rules (FOCUSED_E2E below), so a mutant costs seconds, not minutes;
// - unit: the unit specs only, a lower bound (code only e2e specs reach counts as no coverage);
// - all: every spec, e2e included (every e2e spec starts the app: minutes per mutant here).
const CORE_FOLDERS = ['keys', 'config', 'tokens', 'auth'];
const folder = process.env.MUTATE_FOLDER;
if (folder !== undefined && !CORE_FOLDERS.includes(folder)) {
  throw new Error(`MUTATE_FOLDER must be one of ${CORE_FOLDERS.join(', ')}, not "${folder}"`);
}

// Chosen by reading the specs: the ones whose assertions hold each folder's rules. Run in this
// order after the unit specs (test/mutation-sequencer.mjs), so put the spec that kills most first.
const FOCUSED_E2E = {
  keys: ['signing-algorithms', 'key-files', 'asymmetric-keys'],
  config: ['config', 'config-audit', 'attack-findings', 'concurrency'],
  tokens: ['tokens', 'registry', 'audit', 'revocation', 'api-token-limits', 'revocation-precision'],
  auth: ['auth', 'csrf', 'audit', 'revocation', 'protocol', 'sessions', 'token-endpoints', 'passwordless'],
};

const scope = process.env.MUTATION_TESTS ?? (folder ? 'focused' : 'all');
if (!['all', 'unit', 'focused'].includes(scope)) {
  throw new Error(`MUTATION_TESTS must be all, unit or focused, not "${scope}"`);
}
if (scope === 'focused' && folder === undefined) throw new Error('MUTATION_TESTS=focused needs MUTATE_FOLDER');
const unit = jestConfig.projects.find((project) => project.displayName === 'unit');
const e2e = jestConfig.projects.find((project) => project.displayName === 'e2e');
const testMatch = {
  all: [...unit.testMatch, ...e2e.testMatch],
  unit: unit.testMatch,
  focused: [...unit.testMatch, ...(FOCUSED_E2E[folder] ?? []).map((name) => `<rootDir>/test/${name}.e2e-spec.ts`)],
}[scope];
const flatJestConfig = {
  projects: undefined,
  rootDir: '.',
  testEnvironment: require.resolve('./test/mutation-environment.cjs'),
  testMatch,
  transform: unit.transform,
  testTimeout: jestConfig.testTimeout ?? 5000,
  testSequencer: '<rootDir>/test/mutation-sequencer.mjs',
  runner: '<rootDir>/test/mutation-runner.mjs',
};

const reportDir = `reports/mutation/${folder ?? 'all'}${scope === 'all' ? '' : `-${scope}`}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.config.js', config: flatJestConfig, enableFindRelatedTests: true },
  // The e2e specs start the app on in-memory SQLite and count as much as the unit specs.
  coverageAnalysis: 'perTest',
  // Code run while the app starts (in an e2e spec's beforeAll) is "static" to Stryker: each such
  // mutant would run the whole suite (~90 s), about 200 per folder. They are reported as ignored.
  ignoreStatic: true,
  checkers: [],
  concurrency: 1,
  mutate: [...(folder ? [folder] : CORE_FOLDERS).map((name) => `src/${name}/**/*.ts`), '!src/**/*.spec.ts'],
  ignorePatterns: ['reports', 'coverage', 'dist', 'data', '.stryker-tmp'],
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  plugins: ['@stryker-mutator/jest-runner', './test/mutation-live-reporter.mjs'],
  reporters: ['html', 'json', 'clear-text', 'progress-append-only', 'live'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  // A mutant's time limit counts its tests, not the app starts in their beforeAll: allow for those.
  timeoutMS: 60000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
