// Test order for mutation runs (stryker.config.mjs): the unit specs first, then the e2e specs in
// the order the focused list names them in testMatch. With Jest's `bail` a mutant stops at the
// first spec file that fails, so the cheap specs that kill most mutants run before any app starts.
import path from 'node:path';
import Sequencer from '@jest/test-sequencer';

export default class MutationSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => test.context.config.testMatch.findIndex((pattern) => path.resolve(pattern) === test.path);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}
