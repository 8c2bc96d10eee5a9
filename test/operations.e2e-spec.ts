import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TYPES } from '../src/auth/dto/auth.dto';
import type { AccessDeclaration } from '../src/common/access';
import { ACCESS_KEY } from '../src/common/access';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, ROLE_SLUG, schemaOf, USERNAME } from '../src/common/text-rules';
import { TOKEN_USES } from '../src/common/token-claims';
import { CATALOGUE } from '../src/config/catalogue';
import { TOKEN_FIELDS } from '../src/tokens/dto/token.dto';
import { REVOKE_REASONS, TOKEN_STATUSES } from '../src/tokens/token.entity';
import { ACCOUNT_STATUSES } from '../src/users/user.entity';
import { STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import type { TestFixture } from './fixture';
import { useTestApp } from './fixture';
import type { OpenApiDocument, Operation } from './openapi-document';
import { operationsOf, redoclyLint, resolve } from './openapi-document';

interface RouteEntry {
  method: string;
  path: string;
  declarations: AccessDeclaration[];
}

/** Routes mounted outside the /api/v1 prefix (see bootstrap.ts). */
const UNPREFIXED = ['/health', '/health/ready', '/metrics', '/.well-known/jwks.json'];
/** Operations anyone may call, without a bearer token. */
const PUBLIC_OPERATIONS = [
  'GET /health',
  'GET /health/ready',
  'GET /.well-known/jwks.json',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/revoke',
  'GET /api/v1/auth/jwt-login',
];

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
      return access.orFromAddressesIn
        ? `@RequirePolicy(${access.action}, ${access.resource}, or from ${access.orFromAddressesIn})`
        : `@RequirePolicy(${access.action}, ${access.resource})`;
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
    let document: OpenApiDocument;
    const operations = () => operationsOf(document);
    const schema = (name: string) => document.components.schemas[name];
    const operation = (id: string) => operations().find((o) => o.id === id)?.operation as Operation;

    beforeAll(async () => {
      document = (await t.http.get('/docs-json').expect(200)).body;
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

    it('names where clients reach the server: service.public_url, else the address it listens on', async () => {
      // supertest starts the server on a loopback port of its own for each request.
      expect((await t.http.get('/docs-json').expect(200)).body.servers).toEqual([
        { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), description: expect.any(String) },
      ]);
      await t.withConfig({ 'service.public_url': 'https://auth.example.com' }, async () => {
        const served = (await t.http.get('/docs-json').expect(200)).body;
        expect(served.servers).toEqual([{ url: 'https://auth.example.com', description: 'service.public_url' }]);
      });
    });

    it('describes every route of the application, and nothing else', () => {
      const documented = operations()
        .map((o) => o.id)
        .sort();
      const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
      expect(documented).toEqual(served);
    });

    it('gives every non-public operation a bearer security requirement and an x-policy extension, and public ones none', () => {
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
        expect({ id, security: operation(id)?.security }).toEqual({ id, security: [] });
      }
    });

    it('names every operation for a generated client: a camelCase operationId of its own, a summary and a declared tag', () => {
      const declaredTags = document.tags.map((tag) => tag.name);
      const ids = operations().map((o) => o.operation.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { id, operation } of operations()) {
        const tags = operation.tags ?? [];
        expect({
          id,
          operationId: operation.operationId,
          summary: operation.summary,
          tagged: tags.length > 0,
          undeclaredTags: tags.filter((tag) => !declaredTags.includes(tag)),
        }).toEqual({
          id,
          operationId: expect.stringMatching(/^[a-z][a-zA-Z]+$/),
          summary: expect.stringMatching(/\S/),
          tagged: true,
          undeclaredTags: [],
        });
      }
      expect(operation('GET /api/v1/users').operationId).toBe('listUsers');
      expect(operation('POST /api/v1/users/{id}/tokens').operationId).toBe('issueToken');
    });

    it('declares the WWW-Authenticate challenge on every 401, and the server sends it', async () => {
      const unauthorized = operations().filter((o) => o.operation.responses['401']);
      expect(unauthorized.length).toBeGreaterThan(operations().length / 2);
      for (const { id, operation } of unauthorized) {
        expect({ id, header: operation.responses['401'].headers?.['WWW-Authenticate'] }).toEqual({
          id,
          header: expect.objectContaining({ required: true, schema: { type: 'string', example: expect.any(String) } }),
        });
      }
      const noToken = await t.http.get('/api/v1/me').expect(401);
      expect(noToken.headers['www-authenticate']).toBe('Bearer realm="api"');
      const badLogin = await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'admin', password: 'wrong' })
        .expect(401);
      expect(badLogin.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('declares 413, 415 and 500 on every operation, as a route without a body still judges one sent', async () => {
      for (const { id, operation } of operations()) {
        expect({ id, statuses: Object.keys(operation.responses) }).toEqual({
          id,
          statuses: expect.arrayContaining(['413', '415', '500']),
        });
      }
      const bodyOnGet = await t.http
        .get('/api/v1/me')
        .set(t.admin())
        .set('content-type', 'application/xml')
        .send('<a/>');
      expectProblem(bodyOnGet, 415, 'unsupported_media_type');
    });

    describe('request bodies', () => {
      const bodies = () =>
        operations()
          .filter((o) => o.operation.requestBody)
          .flatMap(({ id, operation }) =>
            Object.entries(operation.requestBody?.content ?? {}).map(([mediaType, media]) => ({
              id: `${id} ${mediaType}`,
              required: operation.requestBody?.required,
              schema: resolve(document, media.schema),
            })),
          );

      it('refuse fields they do not declare (additionalProperties: false), as the validation pipe does', () => {
        const objects = bodies().filter((body) => body.schema.type === 'object');
        expect(objects.length).toBeGreaterThan(5);
        for (const { id, schema } of objects)
          expect({ id, closed: schema.additionalProperties }).toEqual({ id, closed: false });
      });

      it('are required only where a field is: a missing body counts as {}', () => {
        for (const { id, required, schema } of bodies()) {
          const needsOne = schema.type !== 'object' || (schema.required ?? []).length > 0;
          expect({ id, required }).toEqual({ id, required: needsOne });
        }
        expect(operation('POST /api/v1/users/{id}/tokens').requestBody?.required).toBe(false);
        expect(operation('POST /api/v1/users').requestBody?.required).toBe(true);
      });

      it('give each media type of PUT /configpress its own schema', () => {
        expect(operation('PUT /api/v1/configpress').requestBody?.content).toEqual({
          'text/plain': { schema: { type: 'string', example: expect.any(String) } },
          'application/json': { schema: { $ref: '#/components/schemas/ConfigPressJsonDto' } },
        });
        expect(schema('ConfigPressJsonDto')).toMatchObject({ required: ['ini'], additionalProperties: false });
      });

      it('state no default, which generators read as "always present" and turn into a required field', () => {
        for (const { id, schema } of bodies()) {
          const withDefault = Object.entries(schema.properties ?? {}).filter(([, property]) => 'default' in property);
          expect({ id, withDefault }).toEqual({ id, withDefault: [] });
        }
        for (const [name, field] of [
          ['CreateUserDto', 'status'],
          ['IssueTokenDto', 'refreshable'],
          ['IssueTokenDto', 'revocable'],
        ])
          expect({ name, field, required: schema(name).required?.includes(field) ?? false }).toEqual({
            name,
            field,
            required: false,
          });
      });
    });

    it('writes out the username, role-slug, email and password rules the validators apply', () => {
      const user = schema('CreateUserDto').properties ?? {};
      expect(user.username).toMatchObject(schemaOf(USERNAME));
      expect(user.email).toMatchObject({ format: 'email', maxLength: EMAIL_MAX_LENGTH });
      // The strength check's own minimum is configured at run time: the document gives the least any configuration takes.
      const password = { minLength: CATALOGUE['service.password.min_length'].min, maxLength: PASSWORD_MAX_LENGTH };
      expect(user.password).toMatchObject(password);
      expect(user.roles).toMatchObject({ items: schemaOf(ROLE_SLUG) });
      expect(schema('UpdateUserDto').properties?.email).toMatchObject({ format: 'email' });
      expect(schema('CreateRoleDto').properties?.slug).toMatchObject(schemaOf(ROLE_SLUG));
      expect(schema('ChangePasswordDto').properties?.new_password).toMatchObject(password);
    });

    it('writes patterns that accept exactly the usernames and role slugs the server accepts', async () => {
      const id = () => randomBytes(3).toString('hex');
      const usernames = [`Jane.${id()}`, `j_${id()}-x`, ` jane${id()}`, `jane${id()} `, 'ab', 'a'.repeat(65)];
      usernames.push(`\u212Aate${id()}`, `jäne${id()}`);
      const usernamePattern = new RegExp(schema('CreateUserDto').properties?.username.pattern as string);
      for (const username of usernames) {
        const created = await t.http
          .post('/api/v1/users')
          .set(t.admin())
          .send({ username, email: `${id()}@example.com`, password: STRONG_PASSWORD });
        expect({ username, status: created.status }).toEqual({
          username,
          status: usernamePattern.test(username) ? 201 : 400,
        });
      }
      const slugPattern = new RegExp(schema('CreateRoleDto').properties?.slug.pattern as string);
      for (const slug of [`ed-${id()}_1`, `Ed${id()}`, `ed.${id()}`, '', 'a'.repeat(65)]) {
        const created = await t.http.post('/api/v1/roles').set(t.admin()).send({ slug, name: 'Editor' });
        expect({ slug, status: created.status }).toEqual({ slug, status: slugPattern.test(slug) ? 201 : 400 });
      }
    });

    it('writes an email rule that accepts exactly the addresses the server accepts', async () => {
      const id = () => randomBytes(3).toString('hex');
      const property = schema('CreateUserDto').properties?.email as { pattern: string; format: string };
      const ajv = new Ajv();
      addFormats(ajv);
      const documented = ajv.compile({ type: 'string', format: property.format, pattern: property.pattern });
      const emails = [`jane.${id()}@example.com`, `Jane+${id()}@Mail.Example.COM`, `jäne${id()}@example.com`];
      emails.push(`"a b${id()}"@example.com`, `a${id()}@例え.jp`, `${id()}@localhost`, `${id()}@example..com`);
      for (const email of emails) {
        const created = await t.http
          .post('/api/v1/users')
          .set(t.admin())
          .send({ username: `u${id()}`, email, password: STRONG_PASSWORD });
        expect({ email, status: created.status }).toEqual({ email, status: documented(email) ? 201 : 400 });
      }
    });

    it('types page and per_page as integers within their bounds, in decimal digits as the server reads them', async () => {
      for (const [name, maximum] of [
        ['page', 1_000_000],
        ['per_page', 200],
      ] as const) {
        const parameter = operation('GET /api/v1/users').parameters?.find((p) => p.name === name);
        expect(parameter).toMatchObject({
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum },
        });
      }
      for (const page of ['0x2', '1e1', ' 2', '2.0', '0', '1000001']) {
        expectProblem(await t.http.get('/api/v1/users').query({ page }).set(t.admin()), 400, 'validation_failed');
      }
      await t.http.get('/api/v1/users').query({ page: '2', per_page: '200' }).set(t.admin()).expect(200);
    });

    it('lists the values of status, revoke_reason, token_type and token_use the code uses', () => {
      const properties = (name: string) => schema(name).properties ?? {};
      expect(properties('UserDto').status.enum).toEqual([...ACCOUNT_STATUSES]);
      expect(properties('CreateUserDto').status.enum).toEqual([...ACCOUNT_STATUSES]);
      expect(properties('UpdateUserDto').status.enum).toEqual([...ACCOUNT_STATUSES]);
      expect(properties('TokenEntryDto').status.enum).toEqual([...TOKEN_STATUSES]);
      expect(properties('TokenEntryDto').revoke_reason.enum).toEqual([...REVOKE_REASONS, null]);
      expect(properties('TokenEntryDto').token_use.enum).toEqual([...TOKEN_USES]);
      expect(properties('TokenClaimsDto').token_use.enum).toEqual([...TOKEN_USES]);
      expect(properties('SessionDto').token_type.enum).toEqual([...ACCESS_TOKEN_TYPES]);
    });

    it('describes ?fields= as one comma-separated list of the fields the server adds', () => {
      for (const id of ['GET /api/v1/users/{id}/tokens', 'GET /api/v1/users/{id}/tokens/{jti}']) {
        expect(operation(id).parameters?.find((p) => p.name === 'fields')).toMatchObject({
          in: 'query',
          style: 'form',
          explode: false,
          schema: { type: 'array', items: { type: 'string', enum: [...TOKEN_FIELDS] } },
        });
      }
    });

    it('describes the token claims, the policies of GET /me and the JWKS with schemas of their own', () => {
      const ok = (id: string) => resolve(document, operation(id).responses['200'].content?.['application/json'].schema);
      const me = ok('GET /api/v1/me').properties ?? {};
      expect(resolve(document, me.claims.allOf?.[0])).toBe(schema('TokenClaimsDto'));
      expect(resolve(document, me.policies.items)).toBe(schema('AttachedPolicyDto'));
      expect(schema('TokenClaimsDto')).toMatchObject({
        additionalProperties: true,
        required: expect.arrayContaining([
          'jti',
          'sub',
          'iat',
          'exp',
          'iss',
          'aud',
          'token_use',
          'refreshable',
          'revocable',
        ]),
      });
      const keys = ok('GET /.well-known/jwks.json').properties?.keys;
      expect(keys?.items?.oneOf?.map((key) => resolve(document, key).properties?.kty.enum)).toEqual([
        ['RSA'],
        ['EC'],
        ['OKP'],
      ]);
      expect(schema('RsaJwkDto').required?.sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(schema('EcJwkDto').required?.sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(schema('OkpJwkDto').required?.sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    });

    it("lints clean with Redocly's recommended ruleset (redocly.yaml says what is turned off, and why)", async () => {
      const lint = await redoclyLint(document);
      expect(lint.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`)).toEqual(
        [],
      );
      expect(lint.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
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
