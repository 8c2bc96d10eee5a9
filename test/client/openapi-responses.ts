import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** One request and its answer, as the client saw them. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

interface MediaTypeObject {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, { required?: boolean; $ref?: string }>;
}
interface OperationObject {
  responses?: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, OperationObject>>;
  components?: Record<string, unknown>;
}

/**
 * OpenAPI 3.0 schemas are JSON Schema with `nullable` instead of a `null` type: rewrite that one
 * keyword so a JSON Schema validator reads them as the document means them.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** The document's path template that a concrete path matches; a literal path wins over a templated one. */
function templateOf(document: Document, path: string): string | undefined {
  if (document.paths[path]) return path;
  return Object.keys(document.paths).find((template) => {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/**
 * Checks answers against the document the way a validating proxy does: the status is documented
 * for the operation, the media type is one the response declares, the body matches its schema, and
 * every required response header is present.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly components: unknown;

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.components = toJsonSchema(document.components ?? {});
  }

  /** Whether the exchange reached an operation of the document (not an unknown route or a static file). */
  covers(exchange: Exchange): boolean {
    const template = templateOf(this.document, new URL(exchange.url).pathname);
    return template !== undefined && this.document.paths[template][exchange.method.toLowerCase()] !== undefined;
  }

  /** What is wrong with this answer; empty when it matches the document. */
  problems(exchange: Exchange): string[] {
    const { pathname } = new URL(exchange.url);
    const where = `${exchange.method} ${pathname} → ${exchange.status}`;
    const template = templateOf(this.document, pathname);
    const operation = template ? this.document.paths[template][exchange.method.toLowerCase()] : undefined;
    if (!template || !operation) return [`${where}: no such operation in the document`];
    const response = operation.responses?.[String(exchange.status)] ?? operation.responses?.default;
    if (!response) return [`${where}: status not documented`];

    const problems: string[] = [];
    const headers = (this.document.components?.headers ?? {}) as Record<string, { required?: boolean }>;
    for (const [name, declared] of Object.entries(response.headers ?? {})) {
      const header = declared.$ref ? (headers[declared.$ref.replace('#/components/headers/', '')] ?? {}) : declared;
      if (header.required && !exchange.headers.has(name)) problems.push(`${where}: required header ${name} missing`);
    }
    const content = response.content ?? {};
    if (exchange.body === '') {
      if (Object.keys(content).length > 0) problems.push(`${where}: empty body, document declares content`);
      return problems;
    }
    const mediaType = (exchange.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const declared = content[mediaType];
    if (!declared) {
      problems.push(`${where}: media type "${mediaType}" not declared (${Object.keys(content).join(', ') || 'none'})`);
      return problems;
    }
    if (declared.schema === undefined) return problems;
    const validate = this.validatorFor(
      `${template} ${exchange.method} ${exchange.status} ${mediaType}`,
      declared.schema,
    );
    let body: unknown;
    try {
      body = mediaType.endsWith('json') ? JSON.parse(exchange.body) : exchange.body;
    } catch {
      return [...problems, `${where}: body is not JSON`];
    }
    if (!validate(body)) problems.push(`${where}: ${this.ajv.errorsText(validate.errors)}`);
    return problems;
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      // The components ride along so that "#/components/schemas/..." resolves inside this schema.
      validate = this.ajv.compile({ allOf: [toJsonSchema(schema)], components: this.components });
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** A fetch that keeps every exchange it makes, for checking them afterwards. */
export function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      url: request.url,
      status: response.status,
      headers: response.headers,
      body: await response.clone().text(),
    });
    return response;
  };
}
