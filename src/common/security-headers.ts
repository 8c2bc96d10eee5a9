import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/** API answers are data, never a page: nothing may load from them or frame them. */
const API_POLICY: Directives = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Swagger UI loads its own scripts and stylesheet, fetches the document, styles elements inline
 * (React) and draws icons from data: URIs. No inline script: the UI needs none, so none may run.
 */
const DOCS_POLICY: Directives = {
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

/** Routes under `prefix` (the path itself included) answer under `directives` instead of the API's. */
export interface PagePolicy {
  prefix: string;
  directives: Directives;
}

export const DOCS_PAGES: PagePolicy = { prefix: '/docs', directives: DOCS_POLICY };

/**
 * The headers helmet sets (nosniff, HSTS, frame and referrer policies, the content security
 * policy, ...) for one policy, computed once. helmet's middleware depends only on its options
 * when no directive is a function, so its output is the same on every answer: running it per
 * request (as @fastify/helmet does, building the middleware anew each time) cost the hot path
 * ~7 % of its CPU. No upgrade-insecure-requests: a plain-HTTP deployment would lose its docs' assets.
 */
export function helmetHeaders(directives: Directives): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => undefined,
  };
  helmet({ contentSecurityPolicy: { useDefaults: false, directives }, frameguard: { action: 'deny' } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    securityHeaders?: Record<string, string>;
  }
}

/**
 * helmet's headers on every answer, errors and 404s included, with a content security policy per
 * kind of route: the API's, or a page policy's for the routes under its prefix. Registered before
 * any route, so the onRoute hook sees every route (the Swagger ones too).
 */
export function registerSecurityHeaders(app: NestFastifyApplication, pages: PagePolicy[]): void {
  const fastify = app.getHttpAdapter().getInstance();
  const api = helmetHeaders(API_POLICY);
  const prepared = pages.map((page) => ({ prefix: page.prefix, headers: helmetHeaders(page.directives) }));
  fastify.addHook('onRoute', (route) => {
    const page = prepared.find(({ prefix }) => route.url === prefix || route.url.startsWith(`${prefix}/`));
    if (page) route.config = { ...route.config, securityHeaders: page.headers };
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.config?.securityHeaders ?? api);
    done();
  });
}
