import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsDocument } from '../src/common/errors-doc';

/** Rewrites docs/errors.md from the error-code catalogue. */
writeFileSync(join(__dirname, '..', 'docs', 'errors.md'), errorsDocument());
