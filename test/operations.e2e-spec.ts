import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { AccessDeclaration } from '../src/common/access';
import { ACCESS_KEY } from '../src/common/access';
import type { TestFixture } from './fixture';
import { useTestApp } from './fixture';

interface RouteEntry {
  method: string;
  path: string;
  declarations: AccessDeclaration[];
}

/** Routes mounted outside the /api/v1 prefix (see bootstrap.ts). */
const UNPREFIXED = ['/health', '/health/ready', '/.well-known/jwks.json'];
/** Operations anyone may call, without a bearer token. */
const PUBLIC_OPERATIONS = ['GET /health', 'GET /health/ready', 'GET /.well-known/jwks.json', 'POST /api/v1/auth/login'];

const joinPath = (...parts: (string | undefined)[]) =>
  '/' +
  parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/');

/** Every controller method Nest routes, with the access declarations found on the handler and its class. */
function routeInventory(t: TestFixture): RouteEntry[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance);
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
      if (methodPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const declarations = [
        reflector.get<AccessDeclaration>(ACCESS_KEY, handler),
        reflector.get<AccessDeclaration>(ACCESS_KEY, metatype),
      ].filter(Boolean);
      for (const controllerPath of controllerPaths) {
        for (const sub of ([] as string[]).concat(methodPath)) {
          const bare = joinPath(controllerPath, sub);
          routes.push({ method, path: UNPREFIXED.includes(bare) ? bare : joinPath('api/v1', bare), declarations });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function describeAccess(access: AccessDeclaration): string {
  switch (access.kind) {
    case 'public':
      return '@Public()';
    case 'policy':
      return `@RequirePolicy(${access.action}, ${access.resource})`;
    case 'skip':
      return `@SkipPolicy(${access.reason})`;
  }
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('operations: health, keys, docs, route inventory and framework errors', () => {
  const t = useTestApp();
  let routes: RouteEntry[];

  beforeAll(() => {
    routes = routeInventory(t);
  });

  it('answers liveness and readiness without a token', async () => {
    const live = await t.http.get('/health').expect(200);
    expect(live.body.status).toBe('ok');
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('publishes an empty key set for HMAC signing', async () => {
    const response = await t.http.get('/.well-known/jwks.json').expect(200);
    expect(response.body).toEqual({ keys: [] });
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await t.http.get('/docs').redirects(2).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toMatch(/swagger/i);
  });

  describe('the OpenAPI document at /docs-json', () => {
    let document: {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { securitySchemes?: Record<string, { scheme?: string }> };
    };
    const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];
    const operations = () =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => HTTP_METHODS.includes(method))
          .map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, operation })),
      );

    beforeAll(async () => {
      const response = await t.http.get('/docs-json').expect(200);
      document = response.body;
    });

    it('is an OpenAPI 3 document', () => {
      expect(document.openapi).toMatch(/^3\./);
      expect(document.components.securitySchemes).toEqual(
        expect.objectContaining({
          bearer: expect.objectContaining({ scheme: 'bearer' }),
          'jwt-query': expect.objectContaining({ type: 'apiKey', in: 'query', name: 'jwt' }),
          'jwt-cookie': expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'jwt_token' }),
        }),
      );
    });

    it('describes every route of the application, and nothing else', () => {
      const documented = operations()
        .map((o) => o.id)
        .sort();
      const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
      expect(documented).toEqual(served);
    });

    it('gives every non-public operation a bearer security requirement and an x-policy extension', () => {
      const secured = operations().filter((o) => !PUBLIC_OPERATIONS.includes(o.id));
      expect(secured.length).toBeGreaterThan(0);
      for (const { id, operation } of secured) {
        expect({ id, security: operation.security }).toEqual({
          id,
          security: [{ bearer: [] }, { 'jwt-query': [] }, { 'jwt-cookie': [] }],
        });
        expect({ id, policy: operation['x-policy'] }).toEqual({ id, policy: expect.any(Object) });
      }
      for (const id of PUBLIC_OPERATIONS) {
        const operation = operations().find((o) => o.id === id)?.operation;
        expect({ id, security: operation?.security }).toEqual({ id, security: undefined });
      }
    });
  });

  describe('route inventory', () => {
    it('finds every route on the running server', () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      expect(routes.length).toBeGreaterThan(10);
      for (const route of routes) {
        expect({
          route: `${route.method} ${route.path}`,
          registered: fastify.hasRoute({ method: route.method, url: route.path }),
        }).toEqual({
          route: `${route.method} ${route.path}`,
          registered: true,
        });
      }
    });

    it('gives every handler exactly one access declaration', () => {
      const wrong = routes
        .filter((r) => r.declarations.length !== 1)
        .map((r) => `${r.method} ${r.path} (${r.declarations.length})`);
      expect(wrong).toEqual([]);
    });

    it('matches the reviewed list of who may call what', () => {
      const inventory = routes.map(
        (r) => `${r.method} ${r.path} -> ${r.declarations.map(describeAccess).join(' + ') || 'NOTHING'}`,
      );
      expect(inventory).toMatchSnapshot();
    });
  });

  describe('framework errors as problem documents', () => {
    it('refuses a body over 256 KiB with 413', async () => {
      const response = await t.http
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ username: 'admin', password: 'x'.repeat(300 * 1024) }))
        .expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 413,
        code: 'payload_too_large',
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
    });

    it('refuses an unsupported content type with 415', async () => {
      const response = await t.http
        .post('/api/v1/auth/login')
        .set('content-type', 'application/xml')
        .send('<login><username>admin</username></login>')
        .expect(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    });

    it('answers an unknown route with a 404 problem', async () => {
      for (const path of ['/api/v1/no-such-route', '/no-such-route']) {
        const response = await t.http.get(path).expect(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({
          status: 404,
          code: 'not_found',
          type: expect.any(String),
          title: expect.any(String),
        });
        expect(JSON.stringify(response.body)).not.toMatch(/stack|at \w+ \(/);
      }
    });
  });
});
