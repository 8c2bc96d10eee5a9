import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A file the compiler sees without it being on disk (the README's example). */
export interface VirtualFile {
  path: string;
  text: string;
}

/**
 * Type-checks files as an integrator's `tsc --strict` would, and returns every diagnostic as
 * "file:line: message". `paths` maps package names to source files (the client as a dependency).
 */
export function typeCheck(
  files: readonly string[],
  options: { virtual?: VirtualFile[]; paths?: Record<string, string[]>; module?: 'commonjs' | 'es2022' } = {},
): string[] {
  const virtual = new Map((options.virtual ?? []).map((file) => [file.path, file.text]));
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    esModuleInterop: true,
    ...(options.module === 'es2022'
      ? { module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler }
      : { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }),
    ...(options.paths ? { paths: options.paths } : {}),
  };
  const host = ts.createCompilerHost(compilerOptions);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path);
    return text === undefined
      ? getSourceFile.call(host, path, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(path, text, languageVersion, true);
  };
  const program = ts.createProgram([...files, ...virtual.keys()], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}: ${message}`;
  });
}

/** The code block of a Markdown file that follows a marker comment, e.g. `<!-- typed-client-example -->`. */
export function codeBlockAfter(markdownFile: string, marker: string): string {
  const markdown = readFileSync(markdownFile, 'utf8');
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`${markdownFile} has no ${marker}`);
  const block = /```ts\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!block) throw new Error(`${markdownFile}: no ts code block after ${marker}`);
  return block[1];
}
