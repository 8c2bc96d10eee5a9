import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPTION_KEYS } from './catalogue';
import { optionsTable, TABLE_END, TABLE_START } from './options-table';

describe('README option table', () => {
  it('is the one generated from the catalogue (run npm run docs:config after changing options)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(optionsTable());
  });

  it('has its markers, a header and one row per option', () => {
    const lines = optionsTable().split('\n');
    expect(lines[0]).toBe(TABLE_START);
    expect(lines.at(-1)).toBe(TABLE_END);
    expect(lines.slice(3, -1).map((row) => row.split(' | ')[0])).toEqual(OPTION_KEYS.map((key) => `| \`${key}\``));
  });
});
