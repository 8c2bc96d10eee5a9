// A Stryker reporter that appends each mutant's result to mutants.ndjson beside the JSON report as
// soon as it is known: the JSON report is written only at the end of a run, and a run cut short
// (a deadline, a busy machine) would otherwise leave nothing to read the survivors from.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class LiveReporter {
  static inject = [commonTokens.options];

  constructor(options) {
    this.file = path.join(path.dirname(options.jsonReporter.fileName), 'mutants.ndjson');
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
  }

  onMutantTested(result) {
    const { id, fileName, location, mutatorName, replacement, status, statusReason, killedBy } = result;
    const line = {
      id,
      fileName,
      line: location.start.line,
      mutatorName,
      replacement,
      status,
      killedBy,
      statusReason: statusReason?.slice(0, 200),
    };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live', LiveReporter)];
