import { ERROR_CODE_LIST, problemType } from '../src/common/error-codes';
import { bearer } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  enum?: string[];
  format?: string;
  properties?: Record<string, Schema>;
}

describe('error codes in the OpenAPI document and on the wire', () => {
  const t = useTestApp();

  async function problemSchema(): Promise<{ code: Schema; type: Schema }> {
    const schemas = (await t.http.get('/docs-json').expect(200)).body.components.schemas as Record<string, Schema>;
    const resolve = (schema: Schema): Schema => {
      const ref = schema.$ref ?? schema.allOf?.find((s) => s.$ref)?.$ref;
      return ref ? { ...schema, ...schemas[ref.replace('#/components/schemas/', '')] } : schema;
    };
    const { code, type } = schemas.ProblemDto.properties!;
    return { code: resolve(code), type };
  }

  it("names every catalogued code, and only those, as the problem schema's code enum", async () => {
    expect((await problemSchema()).code.enum).toEqual(ERROR_CODE_LIST);
  });

  it("describes type as a URI, each code's entry in docs/errors.md", async () => {
    expect((await problemSchema()).type).toMatchObject({ format: 'uri', example: problemType('validation_failed') });
  });

  it("answers an unknown route, an unusable token and a bad body with their codes' catalogue status and type", async () => {
    expectProblem(await t.http.get('/api/v1/no-such-route').set(t.admin()), 404, 'not_found');
    expectProblem(await t.http.get('/api/v1/me').set(bearer('not-a-jwt')), 401, 'invalid_token');
    expectProblem(await t.http.post('/api/v1/users').set(t.admin()).send({ username: 1 }), 400, 'validation_failed');
  });
});
