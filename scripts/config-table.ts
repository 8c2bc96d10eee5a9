import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsTable, TABLE_END, TABLE_START } from '../src/config/options-table';

/** Rewrites the option table in README.md from the catalogue. */
const path = join(__dirname, '..', 'README.md');
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < 0) throw new Error('README.md has no options table markers');
writeFileSync(path, readme.slice(0, start) + optionsTable() + readme.slice(end + TABLE_END.length));
