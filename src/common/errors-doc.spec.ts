import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsDocument } from './errors-doc';

describe('docs/errors.md', () => {
  it('is the one generated from the error-code catalogue (run npm run docs:errors after changing codes)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8')).toBe(errorsDocument());
  });
});
