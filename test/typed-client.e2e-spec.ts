import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DOCUMENT_FILE, CLIENT_SCHEMA_FILE, clientSchemaSource } from '../scripts/client-schema';
import { ADMIN } from './app.factory';
import { firstSession } from './client/first-session';
import type { Exchange } from './client/openapi-responses';
import { recordingFetch, ResponseValidator } from './client/openapi-responses';
import { codeBlockAfter, typeCheck } from './client/type-check';
import { useTestApp } from './fixture';

const ROOT = join(__dirname, '..');
const CLIENT_SOURCE = join(ROOT, 'clients', 'typescript', 'src', 'index.ts');
const README_MARKER = '<!-- typed-client-example -->';

/**
 * What an integrator does with /docs-json: generate types with openapi-typescript, write the
 * README's first session with openapi-fetch, compile it with `tsc --strict`, run it, and check every
 * answer against the document. Any step that breaks for them fails here.
 */
describe('a client generated from the OpenAPI document', () => {
  // RS256, so that the JWKS has a key to publish (an HMAC secret never is).
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: 'RS256' });
  let baseUrl: string;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as Record<string, unknown>;
  });

  it('is the committed client: its types are what openapi-typescript makes of the served document', async () => {
    // Regenerate with `npm run build:client` when this fails after a deliberate API change.
    expect(await clientSchemaSource(document)).toBe(readFileSync(CLIENT_SCHEMA_FILE, 'utf8'));
    const committed = JSON.parse(readFileSync(CLIENT_DOCUMENT_FILE, 'utf8')) as Record<string, unknown>;
    // `servers` names the address the document was served from; the rest must be identical.
    expect({ ...document, servers: undefined }).toEqual({ ...committed, servers: undefined });
  });

  /** A README's example as an integrator's ES module that depends on the client package. */
  const typeCheckExample = (example: string) =>
    typeCheck([], {
      module: 'es2022',
      virtual: [{ path: join(ROOT, 'test', 'client', 'readme-example.ts'), text: `${example}\nexport {};\n` }],
      paths: { '@jwt-access-manager/client': [CLIENT_SOURCE] },
    });

  it("compiles under tsc --strict: the first session and both READMEs' examples", () => {
    const example = codeBlockAfter(join(ROOT, 'README.md'), README_MARKER);
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(5);
    expect(typeCheck([join(__dirname, 'client', 'first-session.ts')])).toEqual([]);
    expect(typeCheckExample(example)).toEqual([]);
    const clientReadme = join(ROOT, 'clients', 'typescript', 'README.md');
    expect(typeCheckExample(codeBlockAfter(clientReadme, '<!-- client-readme-example -->'))).toEqual([]);
  });

  it('drives the first session, and every answer matches the document', async () => {
    const exchanges: Exchange[] = [];
    const result = await firstSession(baseUrl, ADMIN, recordingFetch(exchanges));

    expect(result).toMatchObject({
      adminUsername: ADMIN.username,
      issuedStatus: 'active',
      listedValid: true,
      viewedRaw: true,
      signedUrl: expect.stringMatching(/^https?:\/\/.+/),
      meUsername: 'jane',
      meDept: 'security',
      revokedStatus: 204,
      afterRevoke: { status: 401, code: 'token_revoked' },
    });
    expect(result.signingKeyIds.length).toBeGreaterThan(0);
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual([
      'POST 200',
      'GET 200',
      'GET 200',
      'POST 201',
      'POST 201',
      'GET 200',
      'GET 200',
      'GET 200',
      'POST 201',
      'DELETE 204',
      'GET 401',
    ]);
    const validator = new ResponseValidator(document as never);
    expect(exchanges.flatMap((exchange) => validator.problems(exchange))).toEqual([]);
  });

  describe('the response check itself', () => {
    const answer = (status: number, body: unknown, contentType = 'application/json'): Exchange => ({
      method: 'GET',
      url: `${baseUrl}/api/v1/me`,
      status,
      headers: new Headers({ 'content-type': contentType }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

    it('refuses a body without a required field, an undocumented status and an undeclared media type', async () => {
      const validator = new ResponseValidator(document as never);
      const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${t.adminToken}`).expect(200);
      expect(validator.problems(answer(200, me.body))).toEqual([]);

      const { user: _user, ...withoutUser } = me.body;
      expect(validator.problems(answer(200, withoutUser)).join()).toContain("must have required property 'user'");
      expect(validator.problems(answer(299, me.body)).join()).toContain('status not documented');
      expect(validator.problems(answer(200, me.body, 'text/html')).join()).toContain('not declared');
    });

    it('refuses a 401 that lacks a header the document requires', () => {
      const validator = new ResponseValidator({
        paths: {
          '/api/v1/me': { get: { responses: { '401': { headers: { 'www-authenticate': { required: true } } } } } },
        },
      });
      expect(validator.problems({ ...answer(401, ''), headers: new Headers() }).join()).toContain(
        'required header www-authenticate missing',
      );
    });
  });
});
