/* global require, module */
// The test environment of mutation runs (stryker.config.mjs): once a test of the spec file has
// failed, the tests after it are skipped. The mutant is killed; the rest cannot change that, and
// each costs seconds against the running app. test/mutation-runner.mjs does the same per file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TestEnvironment } = require('jest-environment-node');

class BailingEnvironment extends TestEnvironment {
  failed = false;

  handleTestEvent(event) {
    if (event.name === 'test_done' && event.test.errors.length > 0) this.failed = true;
    if (event.name === 'test_start' && this.failed) event.test.mode = 'skip';
  }
}

module.exports = BailingEnvironment;
