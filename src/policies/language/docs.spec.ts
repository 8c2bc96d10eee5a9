import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Action } from '../../common/actions';
import { analyzePolicy } from './analyze';
import type { RouteDeclaration } from './analyze';
import { compilePolicy } from './compile';
import type { AttachmentLevel } from './effective';
import { checkRoute, decide } from './evaluate';
import { resolveParam } from './params';
import { compiled, context, effectiveOf, OPTIONS } from './testing';
import type { PolicyContext } from './types';

/**
 * docs/policies.md is a test: each `json` block is followed by a table of what it must do, so
 * the page cannot drift from the language. `json` is one document attached to the user,
 * `json policies` a list of attachments, `json invalid` a document and its errors, `json
 * warnings` a document and the analyzer's warnings.
 */
interface Example {
  kind: string;
  line: number;
  json: unknown;
  rows: string[][];
}

const ROUTES: RouteDeclaration[] = [
  ...(['Read', 'Edit', 'Delete', 'List'] as const).map((action) => ({ action, resourceType: 'User' })),
  { action: 'Read', resourceType: 'Role' },
  { action: 'List', resourceType: 'AuditLog' },
];

function examples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```json(?: (\w+))?$/.exec(lines[i]);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    while (lines[++i] !== '```') body.push(lines[i]);
    while (i + 1 < lines.length && !lines[i + 1].startsWith('|') && !lines[i + 1].startsWith('```')) i++;
    const rows: string[][] = [];
    while (i + 1 < lines.length && lines[i + 1].startsWith('|')) {
      const cells = lines[++i]
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`|`$/g, ''));
      rows.push(cells);
    }
    found.push({
      kind: fence[1] ?? 'document',
      line: start + 1,
      json: JSON.parse(body.join('\n')),
      rows: rows.slice(2),
    });
  }
  return found;
}

function contextOf(cell: string): PolicyContext {
  const base = context();
  if (cell === '') return base;
  const changes = JSON.parse(cell) as Record<string, unknown>;
  return {
    ...base,
    ...changes,
    user: { ...base.user!, ...(changes.user as object) },
    jwt: { ...base.jwt, ...(changes.jwt as object) },
    now: typeof changes.now === 'string' ? new Date(changes.now) : base.now,
  };
}

function answer(example: Example, request: string, situation: PolicyContext): string {
  const attachments =
    example.kind === 'policies'
      ? (example.json as Array<{ level: AttachmentLevel; order: number; document: unknown }>)
      : [{ document: example.json }];
  const effective = effectiveOf(...attachments);
  const [verb, first, second] = request.split(' ');
  if (verb === 'route') return checkRoute(effective, second, first, situation).decision;
  if (verb === 'param') {
    const param = resolveParam(effective, first, situation);
    return param === undefined ? 'none' : JSON.stringify(param.value);
  }
  return decide(effective, verb as Action, first, situation).decision;
}

const page = readFileSync(join(__dirname, '../../../docs/policies.md'), 'utf8');
const all = examples(page);

describe('docs/policies.md', () => {
  it('has examples, each followed by its table', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const example of all)
      expect({ line: example.line, rows: example.rows.length > 0 }).toEqual({ line: example.line, rows: true });
  });

  describe.each(all.filter((e) => e.kind === 'document' || e.kind === 'policies'))(
    'the example at line $line',
    (example) => {
      it.each(example.rows)('%s with %s: %s', (request, situation, expected) => {
        expect(answer(example, request, contextOf(situation))).toBe(expected);
      });
    },
  );

  it.each(all.filter((e) => e.kind === 'invalid'))(
    'lists every error of the invalid example at line $line',
    (example) => {
      const result = compilePolicy(example.json, OPTIONS);
      const errors = result.ok ? [] : result.errors;
      expect(
        errors.map((e) => [e.path, e.message.includes(example.rows.find((r) => r[0] === e.path)?.[1] ?? '\u0000')]),
      ).toEqual(example.rows.map(([path]) => [path, true]));
    },
  );

  it.each(all.filter((e) => e.kind === 'warnings'))('lists every warning of the example at line $line', (example) => {
    const warnings = analyzePolicy(compiled(example.json), ROUTES);
    expect(
      warnings.map((w) => [w.path, w.message.includes(example.rows.find((r) => r[0] === w.path)?.[1] ?? '\u0000')]),
    ).toEqual(example.rows.map(([path]) => [path, true]));
  });
});
