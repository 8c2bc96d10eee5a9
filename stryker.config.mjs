// Mutation testing (not in CI: it runs the covering tests once per mutant, tens of minutes per folder).
// `npm run test:mutation` mutates the four core folders; `npm run test:mutation:keys` (MUTATE_FOLDER=keys)
// one of them, with its own report and incremental file under reports/mutation/<folder>/ so runs do not
// overwrite each other.
import { createRequire } from 'node:module';
import process from 'node:process';

const jestConfig = createRequire(import.meta.url)('./jest.config.js');

// Stryker's per-test coverage swaps in its own test environment, which it can only do for a
// top-level config; so the unit and e2e projects of jest.config.js run here as one project.
// MUTATION_TESTS=unit runs the unit specs only: minutes instead of hours on a busy machine (every
// e2e spec starts the app, and nearly every mutant of a request path is covered by all of them), a
// lower bound of the full score.
const scope = process.env.MUTATION_TESTS ?? 'all';
if (scope !== 'all' && scope !== 'unit') throw new Error(`MUTATION_TESTS must be all or unit, not "${scope}"`);
const projects = jestConfig.projects.filter((project) => scope === 'all' || project.displayName === 'unit');
const flatJestConfig = {
  projects: undefined,
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: projects.flatMap((project) => project.testMatch),
  transform: projects[0].transform,
  testTimeout: jestConfig.testTimeout ?? 5000,
};

const CORE_FOLDERS = ['keys', 'config', 'tokens', 'auth'];
const folder = process.env.MUTATE_FOLDER;
if (folder !== undefined && !CORE_FOLDERS.includes(folder)) {
  throw new Error(`MUTATE_FOLDER must be one of ${CORE_FOLDERS.join(', ')}, not "${folder}"`);
}
const reportDir = `reports/mutation/${folder ?? 'all'}${scope === 'unit' ? '-unit' : ''}`;

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
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
