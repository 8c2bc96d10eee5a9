import type request from 'supertest';

/** What the factories need of a running app: its HTTP client and an administrator session. */
export interface AdminSession {
  readonly http: ReturnType<typeof request>;
  readonly adminToken: string;
}

let counter = 0;

export const STRONG_PASSWORD = 'correct-Horse-battery-9';

export interface CreatedUser {
  id: string;
  username: string;
  password: string;
  /** The access token of the login. */
  token: string;
  /** The refresh token of the same login. */
  refreshToken: string;
}

/** Creates a user through the API and logs it in. */
export async function createUser(t: AdminSession, fields: Record<string, unknown> = {}): Promise<CreatedUser> {
  counter += 1;
  const username = (fields.username as string) ?? `user${counter}${Date.now() % 100000}`;
  const password = (fields.password as string) ?? STRONG_PASSWORD;
  const created = await t.http
    .post('/api/v1/users')
    .set('authorization', `Bearer ${t.adminToken}`)
    .send({ username, email: `${username}@example.com`, password, ...fields });
  if (created.status !== 201) throw new Error(`createUser failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await t.http.post('/api/v1/auth/login').send({ username, password });
  return {
    id: created.body.id,
    username,
    password,
    token: login.body.access_token,
    refreshToken: login.body.refresh_token,
  };
}

export interface IssuedToken {
  id: string;
  token: string;
  signed_url: string;
  expires_at: string;
  issued_at: string;
  claims: Record<string, unknown>;
}

/** Issues a registry token for a user as the administrator. */
export async function issueToken(
  t: AdminSession,
  userId: string,
  body: Record<string, unknown> = {},
): Promise<IssuedToken> {
  const response = await t.http
    .post(`/api/v1/users/${userId}/tokens`)
    .set('authorization', `Bearer ${t.adminToken}`)
    .send(body);
  if (response.status !== 201)
    throw new Error(`issueToken failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as IssuedToken;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
