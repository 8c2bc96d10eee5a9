import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import type { ErrorCode } from './error-codes';
import { ERROR_CODE_LIST, ERROR_CODES, problemType, statusOf, titleOf } from './error-codes';
import { codeOfStatus, problemOf } from './problem';

const SRC = join(__dirname, '..');
/** Files that name codes to describe them, not to answer them. */
const DESCRIBING = ['error-codes.ts', 'errors-doc.ts', 'problem.dto.ts'].map((name) => join(__dirname, name));

function serverSources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return serverSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The codes the server's source writes where an error code is expected: string literals whose
 * contextual type is made of catalogue codes only (an error class's argument, a failure's `code`),
 * found with the type checker. A plain text search would also count `rate_limited` the audit event
 * type or `account_blocked` the revocation reason.
 */
function codesWrittenInSource(): Set<string> {
  const program = ts.createProgram(serverSources(), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const catalogued = new Set<string>(ERROR_CODE_LIST);
  const isCodeType = (type: ts.Type): boolean => {
    const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    return members.length > 0 && members.every((t) => t.isStringLiteral() && catalogued.has(t.value));
  };
  const found = new Set<string>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(SRC) || DESCRIBING.includes(file.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node)) {
        const type = checker.getContextualType(node);
        if (type && isCodeType(type)) found.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe('the error-code catalogue', () => {
  it.each(ERROR_CODE_LIST)('%s is snake_case, an error status and a one-line meaning', (code) => {
    const { status, meaning } = ERROR_CODES[code];
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(status >= 400 && status <= 599).toBe(true);
    expect(meaning).toMatch(/^[A-Z`].*\.$/);
    expect(meaning).not.toContain('\n');
    expect(titleOf(code)).toEqual(expect.any(String));
  });

  // No dead entries: a code arrives with the feature that answers it.
  it('has only codes the server answers somewhere', () => {
    const written = codesWrittenInSource();
    expect(ERROR_CODE_LIST.filter((code: ErrorCode) => !written.has(code))).toEqual([]);
  });

  it.each(ERROR_CODE_LIST)("%s builds a problem with the catalogue's status and its own type URI", (code) => {
    const problem = problemOf(code, 'x');
    expect(problem.status).toBe(ERROR_CODES[code].status);
    expect(problem.body).toMatchObject({ status: ERROR_CODES[code].status, code, type: problemType(code) });
  });

  it("gives each type URI the code's anchor in docs/errors.md", () => {
    expect(problemType('token_expired')).toBe('https://jwt-access-manager.dev/docs/errors.md#token_expired');
  });

  it('gives every status a framework may raise a code answered with that status, or the generic 400 or 500', () => {
    for (let status = 400; status <= 599; status++) {
      const answered = statusOf(codeOfStatus(status));
      expect([status, status < 500 ? 400 : 500]).toContain(answered);
    }
  });
});
