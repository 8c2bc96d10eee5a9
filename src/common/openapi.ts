import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

/** Error bodies are RFC 9457 documents: say so in the document, which @nestjs/swagger writes as application/json. */
export function markProblemResponses(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const responses = (operation as { responses?: Record<string, { content?: Record<string, unknown> }> }).responses ?? {};
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response.content?.['application/json']) {
          response.content = { 'application/problem+json': response.content['application/json'] };
        }
      }
    }
  }
  return document;
}

/** The OpenAPI document served at /docs-json, and Swagger UI at /docs. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('JWT Access Manager')
    .setDescription('Authentication and AAM-style authorization server. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = markProblemResponses(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
