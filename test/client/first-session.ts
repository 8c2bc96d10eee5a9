import type { JwtAccessManagerClient, Problem } from '../../clients/typescript/src';
import { createJwtAccessManagerClient } from '../../clients/typescript/src';

/**
 * The README's first session, written as an integrator writes it: with the typed client built from
 * the server's OpenAPI document. The client test type-checks this file under `tsc --strict`, so a
 * document change that breaks a generated client fails the build. It returns what each step saw.
 */
export interface FirstSessionResult {
  adminUsername: string;
  signingKeyIds: string[];
  janeId: string;
  issuedStatus: string;
  listedValid: boolean;
  viewedRaw: boolean;
  signedUrl: string;
  meUsername: string;
  meDept: unknown;
  refreshedFrom: string;
  revokedStatus: number;
  afterRevoke: Problem;
}

/** Fails a step with what the server answered: a strict client has to handle the error branch. */
function required<T>(step: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined)
    throw new Error(`${step}: HTTP ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
}

export async function firstSession(
  baseUrl: string,
  admin: { username: string; password: string },
  fetch: typeof globalThis.fetch,
): Promise<FirstSessionResult> {
  const anonymous = createJwtAccessManagerClient({ baseUrl, fetch });
  const session = required('login', await anonymous.POST('/api/v1/auth/login', { body: admin }));
  const api: JwtAccessManagerClient = createJwtAccessManagerClient({
    baseUrl,
    fetch,
    token: () => session.access_token,
  });

  const me = required('me', await api.GET('/api/v1/me'));
  // A resource server verifies tokens with the published keys: RFC 7517 JWKs with a kid.
  const jwks = required('jwks', await api.GET('/.well-known/jwks.json'));

  const jane = required(
    'create user',
    await api.POST('/api/v1/users', {
      body: { username: 'jane', email: 'jane@example.com', password: 'correct-Horse-battery-9' },
    }),
  );

  const issued = required(
    'issue token',
    await api.POST('/api/v1/users/{id}/tokens', {
      params: { path: { id: jane.id } },
      body: { expires_in: '+2 hours', refreshable: true, additional_claims: { dept: 'security' }, description: 'CI' },
    }),
  );

  const listed = required(
    'list tokens',
    await api.GET('/api/v1/users/{id}/tokens', { params: { path: { id: jane.id } } }),
  );
  const listedEntry = listed.items.find((token) => token.id === issued.id);

  // The AAM view: the raw token again and a signed passwordless login URL, asked for with ?fields=.
  const viewed = required(
    'view token',
    await api.GET('/api/v1/users/{id}/tokens/{jti}', {
      params: { path: { id: jane.id, jti: issued.id }, query: { fields: ['token', 'signed_url'] } },
    }),
  );

  const asJane = createJwtAccessManagerClient({ baseUrl, fetch, token: () => issued.token });
  const janeMe = required('me as jane', await asJane.GET('/api/v1/me'));

  const refreshed = required(
    'refresh',
    await api.POST('/api/v1/users/{id}/tokens/{jti}/refresh', { params: { path: { id: jane.id, jti: issued.id } } }),
  );

  const revoked = await api.DELETE('/api/v1/users/{id}/tokens/{jti}', {
    params: { path: { id: jane.id, jti: refreshed.id } },
  });

  const withRevoked = createJwtAccessManagerClient({ baseUrl, fetch, token: () => refreshed.token });
  const refused = await withRevoked.GET('/api/v1/me');
  if (refused.error === undefined) throw new Error('a revoked token was accepted');

  return {
    adminUsername: me.user.username,
    signingKeyIds: jwks.keys.map((key) => key.kid),
    janeId: jane.id,
    issuedStatus: issued.status,
    listedValid: listedEntry?.is_valid ?? false,
    viewedRaw: viewed.token === issued.token,
    signedUrl: viewed.signed_url ?? '',
    meUsername: janeMe.user.username,
    meDept: janeMe.claims.dept,
    refreshedFrom: issued.id,
    revokedStatus: revoked.response.status,
    afterRevoke: refused.error,
  };
}
