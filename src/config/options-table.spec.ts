import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTable } from './options-table';

describe('README option table', () => {
  it('is the one generated from the catalogue (run npm run docs:config after changing options)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(optionsTable());
  });
});
