import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

/** Every operation object of the document. */
function operationsOf(document: OpenAPIObject): Record<string, unknown>[] {
  return Object.values(document.paths).flatMap((operations) => Object.values(operations) as Record<string, unknown>[]);
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
});

/**
 * Error bodies are RFC 9457 documents: say so in the document, which @nestjs/swagger writes as
 * application/json. Also adds the answers every route can give that no decorator names: 400 for
 * unknown or invalid query parameters, and 413/415 for a body that is too large or not JSON.
 */
export function markProblemResponses(document: OpenAPIObject): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    const op = operation as {
      responses?: Record<string, { content?: Record<string, unknown> }>;
      requestBody?: unknown;
    };
    if (!op.responses) continue;
    const responses = op.responses;
    responses['400'] ??= problem('Invalid or unknown parameters (validation_failed).');
    if (op.requestBody) {
      responses['413'] ??= problem('The body exceeds 256 KiB (payload_too_large).');
      responses['415'] ??= problem('The body is not in a supported media type (unsupported_media_type).');
    }
    for (const [status, response] of Object.entries(responses)) {
      // Every error leaves through the problem filter, whatever schema a library decorator declared.
      if (Number(status) >= 400) response.content = problem('').content;
    }
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

/** The OpenAPI document served at /docs-json, and Swagger UI at /docs. */
export function setUpOpenApi(
  app: INestApplication,
  tokens: { containers: readonly string[]; queryParam: string; cookie: string },
): void {
  const config = new DocumentBuilder()
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
    )
    .build();
  const document = markCookieOriginCheck(
    offerTokenContainers(
      markProblemResponses(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] })),
      tokens.containers,
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
