// The Jest runner of mutation runs (stryker.config.mjs). Stryker's jest runner turns Jest's `bail`
// off, so a killed mutant would still load and start the app for every e2e spec that covers it.
// This runs the spec files one at a time and stops at the first one with a failing test: the
// mutant is killed, and the files after it cannot change that.
import TestRunner from 'jest-runner';

export default class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    let failed = false;
    const offSuccess = this.on('test-file-success', ([, result]) => {
      if (result.numFailingTests > 0 || result.testExecError) failed = true;
    });
    const offFailure = this.on('test-file-failure', () => {
      failed = true;
    });
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      offSuccess();
      offFailure();
    }
  }
}
