import type { INestApplication } from '@nestjs/common';
import type {
  MediaTypeObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ApiExtension, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { MediaType } from './media-types';
import { ProblemDto } from './problem.dto';
import { RATE_LIMIT_EXTENSION } from './rate-limit';

/** Every operation object of the document. */
function operationsOf(document: OpenAPIObject): Record<string, unknown>[] {
  return Object.values(document.paths).flatMap((operations) => Object.values(operations) as Record<string, unknown>[]);
}

/** RFC 6750 §3: every 401 carries the challenge, whatever made the request unauthenticated. */
const WWW_AUTHENTICATE = {
  required: true,
  description:
    'The RFC 6750 challenge: `Bearer realm="api"`, plus `error="invalid_token"` and an `error_description` ' +
    'when a presented token was refused.',
  schema: {
    type: 'string',
    example: 'Bearer realm="api", error="invalid_token", error_description="The token has expired."',
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
});

/**
 * Error bodies are RFC 9457 documents: say so in the document, which @nestjs/swagger writes as
 * application/json. Also adds the answers every route can give that no decorator names: 400 for
 * unknown or invalid query parameters, 413/415 for a body that is too large or in a media type the
 * route does not take (a route that takes no body still reads and judges one that is sent), 414
 * for an over-long path parameter, the 500 of an unexpected failure, and the 503 (with
 * Retry-After) of a database that does not answer.
 */
export function markProblemResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, unknown>)) {
      const op = operation as {
        responses?: Record<string, { content?: Record<string, unknown>; headers?: object }>;
        requestBody?: unknown;
      };
      if (!op.responses) continue;
      const responses = op.responses;
      responses['400'] ??= problem('Invalid or unknown parameters (validation_failed).');
      if (path.includes('{')) responses['414'] ??= problem('A path parameter exceeds the length limit (uri_too_long).');
      responses['413'] ??= problem('The body exceeds 256 KiB (payload_too_large).');
      responses['415'] ??= problem(
        op.requestBody
          ? 'The body is not in a media type this operation takes (unsupported_media_type).'
          : 'A body was sent, in a media type this operation does not take; send none (unsupported_media_type).',
      );
      responses['500'] ??= problem('An unexpected server error; the log has the details (internal_error).');
      responses['503'] ??= {
        ...problem('The database does not answer; retry after the Retry-After seconds (service_unavailable).'),
        headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
      };
      for (const [status, response] of Object.entries(responses)) {
        // Every error leaves through the problem filter, whatever schema a library decorator declared.
        if (Number(status) >= 400) response.content = problem('').content;
      }
      if (responses['401'])
        (responses['401'] as { headers?: object }).headers = { 'WWW-Authenticate': WWW_AUTHENTICATE };
    }
  }
  return document;
}

const integerHeader = (description: string, example: number) => ({
  description,
  schema: { type: 'integer', minimum: 0, example },
});

/** The fields every limited answer carries (ratelimit/rate-limit-headers.ts writes them). */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': integerHeader('Requests allowed in the current one-minute window.', 60),
  'X-RateLimit-Remaining': integerHeader('Requests left in the current window.', 59),
  'X-RateLimit-Reset': integerHeader(
    "When the current window ends (Unix time, seconds; the server's clock).",
    1798200060,
  ),
  'RateLimit-Policy': {
    description: 'IETF draft-ietf-httpapi-ratelimit-headers-07: the quota and its window in seconds.',
    schema: { type: 'string', example: '60;w=60' },
  },
  RateLimit: {
    description: 'IETF draft-ietf-httpapi-ratelimit-headers-07: limit, remaining, and seconds until the window ends.',
    schema: { type: 'string', example: 'limit=60, remaining=59, reset=37' },
  },
};

const RETRY_AFTER = {
  required: true,
  description: 'Seconds until the window ends (or, for account_locked, the lockout).',
  schema: { type: 'integer', minimum: 1, example: 37 },
};

/**
 * A rate-limited operation (every authenticated one, per token; login, jwt-login and refresh as
 * their RateLimit declaration says) can answer 429, and any of its answers may carry the headers:
 * absent while the limit is 0, which an account_locked 429 can be under. Every 429 has Retry-After.
 * The headers are components, referred to from each answer, so the document stays small.
 */
export function markRateLimits(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...RATE_LIMIT_HEADERS, 'Retry-After': RETRY_AFTER };
  const refs = (names: string[]) =>
    Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
  for (const operation of operationsOf(document)) {
    const op = operation as {
      security?: unknown[];
      responses?: Record<string, { headers?: Record<string, unknown>; description?: string }>;
      [RATE_LIMIT_EXTENSION]?: { limit: string; lockout: boolean };
    };
    const declared = op[RATE_LIMIT_EXTENSION];
    delete op[RATE_LIMIT_EXTENSION];
    if (!op.responses || (!declared && !op.security?.length)) continue;
    const lockout = declared?.lockout === true;
    op.responses['429'] ??= problem(
      `Too many requests in this window (rate_limited)${lockout ? ', or too many failed logins for the account (account_locked)' : ''}.`,
    );
    for (const [status, response] of Object.entries(op.responses)) {
      const names = Object.keys(RATE_LIMIT_HEADERS);
      response.headers = { ...response.headers, ...refs(status === '429' ? [...names, 'Retry-After'] : names) };
    }
  }
  return document;
}

const REQUEST_CONTENT = 'x-request-content';

/**
 * A request body whose media types carry different schemas (@nestjs/swagger gives every media
 * type of @Consumes the one schema of the @Body). Written into the document by describeRequestBodies.
 */
export const ApiRequestContent = (content: Partial<Record<MediaType, MediaTypeObject>>) =>
  ApiExtension(REQUEST_CONTENT, content);

/**
 * What the global validation pipe enforces, said in each request body: a field the DTO does not
 * declare is refused (additionalProperties: false), and a missing body counts as `{}`, so a body
 * is required only when its schema requires a field (POST /users/{id}/tokens takes none).
 */
export function describeRequestBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const resolve = (schema: SchemaObject | ReferenceObject | undefined): SchemaObject | undefined =>
    schema && '$ref' in schema ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  for (const operation of operationsOf(document)) {
    const op = operation as unknown as OperationObject & { [REQUEST_CONTENT]?: Record<string, MediaTypeObject> };
    // A body read as `unknown` (its media type decides how) gets no requestBody from @nestjs/swagger.
    if (op[REQUEST_CONTENT])
      op.requestBody = { required: true, ...(op.requestBody as RequestBodyObject), content: op[REQUEST_CONTENT] };
    delete op[REQUEST_CONTENT];
    const body = op.requestBody as RequestBodyObject | undefined;
    if (!body) continue;
    const objects = Object.values(body.content).map((media) => resolve(media.schema));
    for (const schema of objects) if (schema?.type === 'object') schema.additionalProperties = false;
    if (objects.every((schema) => schema?.type === 'object' && !schema.required?.length)) body.required = false;
  }
  return document;
}

/**
 * A public operation says it takes no token (security: []) rather than saying nothing. Only
 * @Public() routes come without a security requirement: @RequirePolicy and @SkipPolicy add one.
 */
export function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    const op = operation as { security?: unknown[] };
    op.security ??= [];
  }
  return document;
}

const SCHEME_OF: Record<string, string> = { header: 'bearer', query_param: 'jwt-query', cookie: 'jwt-cookie' };

/**
 * A token is accepted from the containers of service.jwt.bearer, in order (as configured at
 * start-up): each authenticated operation lists them as alternatives.
 */
export function offerTokenContainers(document: OpenAPIObject, containers: readonly string[]): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    const op = operation as { security?: Record<string, string[]>[] };
    if (op.security?.some((requirement) => 'bearer' in requirement))
      op.security = containers.map((c) => ({ [SCHEME_OF[c]]: [] }));
  }
  return document;
}

const UNSAFE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const CSRF_REJECTED =
  'a token from the cookie on a request from a foreign origin, or with neither Origin nor Referer (csrf_rejected)';

/** Where the cookie is a container, an unsafe operation can also answer 403 csrf_rejected. */
export function markCookieOriginCheck(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, unknown>)) {
      const op = operation as {
        security?: Record<string, string[]>[];
        responses?: Record<string, { description?: string }>;
      };
      if (!UNSAFE_METHODS.has(method) || !op.responses || !op.security?.some((r) => 'jwt-cookie' in r)) continue;
      const forbidden = op.responses['403'];
      if (forbidden) forbidden.description = `${forbidden.description ?? ''} Also ${CSRF_REJECTED}.`.trim();
      else op.responses['403'] = problem(`Forbidden: ${CSRF_REJECTED}.`);
    }
  }
  return document;
}

/** The operation groups, in the order the document lists them. */
const TAGS: [name: string, description: string][] = [
  [
    'auth',
    'Log in, refresh, log out, revoke and introspect tokens, the caller itself, and the keys that verify tokens.',
  ],
  ['users', 'User accounts and their passwords.'],
  ['roles', 'Roles users hold.'],
  ['tokens', "A user's registry of API tokens (the AAM model)."],
  ['sessions', "A user's login sessions (token families)."],
  ['policies', 'AAM-style access policies, where they are attached, what applies to a user, and a simulator.'],
  ['config', 'ConfigPress options: the runtime layer.'],
  ['audit', 'Security events and the hash chain that makes editing or deleting them evident.'],
  ['operations', 'Liveness and readiness.'],
];

/** The OpenAPI document served at /docs-json, and Swagger UI at /docs. */
export function setUpOpenApi(
  app: INestApplication,
  tokens: { containers: readonly string[]; queryParam: string; cookie: string },
  /** Where clients reach this server, asked on every request for the document (it can change at run time). */
  origin: () => { url: string; description: string },
): void {
  const builder = new DocumentBuilder()
    .setTitle('JWT Access Manager')
    .setDescription(
      'Authentication and AAM-style authorization server. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey(
      {
        type: 'apiKey',
        in: 'query',
        name: tokens.queryParam,
        description:
          'The JWT as a query parameter (service.jwt.query_param_name; the name shown is the one at start-up).',
      },
      'jwt-query',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'cookie',
        name: tokens.cookie,
        description: 'The JWT in a cookie (service.jwt.cookie_name; the name shown is the one at start-up).',
      },
      'jwt-cookie',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = markCookieOriginCheck(
    offerTokenContainers(
      markRateLimits(
        markPublicOperations(
          describeRequestBodies(
            markProblemResponses(SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemDto] })),
          ),
        ),
      ),
      tokens.containers,
    ),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    patchDocumentOnRequest: (_request, _reply, built) => ({ ...built, servers: [origin()] }),
  });
}
