import { createHmac } from 'node:crypto';
import { MAX_BODY_DEPTH, MAX_CLAIMS_DEPTH } from '../src/common/json-depth';
import { bearer, createUser, issueToken, STRONG_PASSWORD } from './factories';
import { expectProblem } from './factories/problem';
import { useTestApp } from './fixture';

const SIGNING_SECRET = 'e2e-signing-secret-that-is-long-enough-0123456789';

/** JSON text of `inner` inside `levels` arrays, written by hand: JSON.stringify itself overflows on deep values. */
const arrays = (levels: number, inner = '"x"') => '['.repeat(levels) + inner + ']'.repeat(levels);
const objects = (levels: number, inner = '"x"') => '{"k":'.repeat(levels) + inner + '}'.repeat(levels);

const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('deeply nested bodies and claims', () => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_SECRET: SIGNING_SECRET });
  let userId: string;
  beforeAll(async () => {
    userId = (await createUser(t)).id;
  });

  const postJson = (url: string, text: string, token?: string) => {
    const request = t.http.post(url).set('content-type', 'application/json');
    if (token) request.set(bearer(token));
    return request.send(text);
  };

  const expectTooDeep = (response: Parameters<typeof expectProblem>[0], field: string) => {
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual([
      { field, message: `${field} nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep` },
    ]);
  };

  describe('POST /auth/login, without logging in', () => {
    it.each([2_000, 100_000])('refuses a username nested %i arrays deep with 400 naming it', async (levels) => {
      const response = await postJson('/api/v1/auth/login', `{"username":${arrays(levels)},"password":"x"}`);
      expectTooDeep(response, 'username');
    });

    it('refuses a body one level over the limit, and lets one at the limit reach the field rules', async () => {
      // The body object is level 1, so the username may hold MAX_BODY_DEPTH - 1 levels.
      expectTooDeep(
        await postJson('/api/v1/auth/login', `{"username":${arrays(MAX_BODY_DEPTH)},"password":"x"}`),
        'username',
      );
      const atLimit = await postJson('/api/v1/auth/login', `{"username":${arrays(MAX_BODY_DEPTH - 1)},"password":"x"}`);
      expectProblem(atLimit, 400, 'validation_failed');
      expect(atLimit.body.errors).toEqual([{ field: 'username', message: expect.not.stringContaining('nests') }]);
    });

    it('refuses a body that is itself a deep array', async () => {
      expectTooDeep(await postJson('/api/v1/auth/login', arrays(5_000)), '0');
    });
  });

  it('refuses nested roles on POST /users with 400 naming roles', async () => {
    const response = await postJson(
      '/api/v1/users',
      `{"username":"deep","email":"deep@example.com","password":"${STRONG_PASSWORD}","roles":${arrays(3_000)}}`,
      t.adminToken,
    );
    expectTooDeep(response, 'roles');
  });

  describe('additional_claims on POST /users/{id}/tokens', () => {
    it('refuses claims nested thousands of levels as a too-deep body', async () => {
      const response = await postJson(
        `/api/v1/users/${userId}/tokens`,
        `{"additional_claims":${objects(5_000)}}`,
        t.adminToken,
      );
      expectTooDeep(response, 'additional_claims');
    });

    it('refuses claims one level deeper than the claims limit with 400 naming additional_claims', async () => {
      const response = await postJson(
        `/api/v1/users/${userId}/tokens`,
        `{"additional_claims":${objects(MAX_CLAIMS_DEPTH + 1)}}`,
        t.adminToken,
      );
      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toEqual([
        {
          field: 'additional_claims',
          message: `additional_claims nests objects or arrays more than ${MAX_CLAIMS_DEPTH} levels deep`,
        },
      ]);
    });

    it('issues claims nested to the limit, and GET /me answers them', async () => {
      let claims: unknown = 'x';
      for (let i = 0; i < MAX_CLAIMS_DEPTH; i++) claims = { k: claims };
      const issued = await issueToken(t, userId, { additional_claims: claims });
      const me = await t.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
      expect(me.body.claims.k).toEqual((claims as { k: unknown }).k);
    });
  });

  describe('GET /me with a validly signed token whose claims nest deeply', () => {
    let header: string;
    let payload: string;
    beforeAll(async () => {
      const session = await createUser(t);
      [header, payload] = session.token.split('.');
    });

    /** The genuine token's claims plus one more, re-signed with the server's secret. */
    const forge = (extraClaimJson: string) => {
      const claims = Buffer.from(payload, 'base64url').toString();
      const input = `${header}.${b64url(`${claims.slice(0, -1)},"deep":${extraClaimJson}}`)}`;
      return `${input}.${createHmac('sha256', SIGNING_SECRET).update(input).digest('base64url')}`;
    };

    it('accepts the token with a claim nested as deep as issued tokens may be', async () => {
      await t.http
        .get('/api/v1/me')
        .set(bearer(forge(objects(MAX_CLAIMS_DEPTH - 1))))
        .expect(200);
    });

    it.each([
      ['one level deeper', objects(MAX_CLAIMS_DEPTH)],
      ['5,000 levels', arrays(5_000)],
    ])('refuses a claim nested %s with 401 invalid_token', async (_case, deep) => {
      const response = await t.http.get('/api/v1/me').set(bearer(forge(deep)));
      expectProblem(response, 401, 'invalid_token');
    });
  });
});
