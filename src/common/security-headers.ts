import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** API answers are data, never a page: nothing may load from them or frame them. */
const API_POLICY = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * Swagger UI loads its own scripts and stylesheet, fetches the document, styles elements inline
 * (React) and draws icons from data: URIs. No inline script: the UI needs none, so none may run.
 */
const DOCS_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * helmet's headers on every answer (nosniff, HSTS, frame and referrer policies, ...), with a
 * content security policy per kind of route. Registered before any route, so its onRoute hook
 * sees the Swagger routes too. No upgrade-insecure-requests: a plain-HTTP deployment would lose
 * its docs' assets.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, docsPrefix: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url === docsPrefix || route.url.startsWith(`${docsPrefix}/`))
      route.config = {
        ...route.config,
        helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } },
      };
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    frameguard: { action: 'deny' },
  });
}
