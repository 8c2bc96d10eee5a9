import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** The parts of the served OpenAPI document the tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  pattern?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  [keyword: string]: unknown;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; [field: string]: unknown }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> }>;
  [field: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string; description?: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { scheme?: string }> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/** Every operation, named `METHOD /path` as the route inventory names routes. */
export function operationsOf(document: OpenApiDocument): { id: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, operation })),
  );
}

/** The schema a `#/components/schemas/…` reference points at, or the schema itself. */
export function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) throw new Error('no schema');
  if (!schema.$ref) return schema;
  const target = document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
  if (!target) throw new Error(`dangling reference ${schema.$ref}`);
  return target;
}

export interface LintResult {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

const ROOT = join(__dirname, '..');

/** `redocly lint` with the repository's redocly.yaml, on the document written to a temporary file. */
export async function redoclyLint(document: OpenApiDocument): Promise<LintResult> {
  const folder = mkdtempSync(join(tmpdir(), 'jam-openapi-lint-'));
  try {
    const file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', file],
      // Offline and quiet: no usage telemetry, no update check.
      { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((error: { stdout?: string }) => {
      // It exits 1 when it finds errors; the report on stdout says which.
      if (error.stdout) return { stdout: error.stdout };
      throw error;
    });
    return JSON.parse(stdout) as LintResult;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
