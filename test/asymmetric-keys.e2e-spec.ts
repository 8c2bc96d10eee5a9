import { createHmac, createPublicKey, verify } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN } from './app.factory';
import { bearer } from './factories';
import { useTestApp } from './fixture';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('ES256 signing with a generated key pair', () => {
  const t = useTestApp({ SERVICE_JWT_SIGNING_ALGORITHM: 'ES256' });

  it('generates the private key into the data directory with mode 0600', () => {
    const path = join(t.dataDir, 'jwt-ec-P-256-private.pem');
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('publishes the public key in the JWKS, and issued tokens verify against it by kid', async () => {
    const jwks = await t.http.get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys).toHaveLength(1);
    const [key] = jwks.body.keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(key).not.toHaveProperty('d');
    // Exactly the members the document's EC key schema names.
    const documented = (await t.http.get('/docs-json').expect(200)).body.components.schemas.EcJwkDto;
    expect(Object.keys(key).sort()).toEqual([...documented.required].sort());

    const [header, payload, signature] = t.adminToken.split('.');
    expect(decode(header)).toMatchObject({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' });
    const publicKey = createPublicKey({ key, format: 'jwk' });
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  it('refuses an HS256 token signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const jwks = await t.http.get('/.well-known/jwks.json').expect(200);
    const pem = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const [, payload] = t.adminToken.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const forged = `${header}.${payload}.${createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url')}`;
    const response = await t.http.get('/api/v1/me').set(bearer(forged)).expect(401);
    expect(response.body.code).toBe('invalid_token');
  });

  it('shows a registry token as a fresh signature over the same claims (ECDSA signatures are randomised)', async () => {
    const user = await t.createUser();
    const issued = await t.issueToken(user.id, { additional_claims: { team: 'blue' } });
    const viewed = await t.http
      .get(`/api/v1/users/${user.id}/tokens/${issued.id}?fields=token`)
      .set(t.admin())
      .expect(200);
    const [header, payload, signature] = viewed.body.token.split('.');
    const [issuedHeader, issuedPayload, issuedSignature] = issued.token.split('.');
    expect(signature).not.toBe(issuedSignature);
    expect(decode(header)).toEqual(decode(issuedHeader));
    expect(decode(payload)).toEqual(decode(issuedPayload));
    expect(decode(payload)).toEqual({ ...issued.claims, jti: issued.id });
    for (const token of [issued.token, viewed.body.token]) {
      const me = await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
      expect(me.body.claims).toMatchObject({ jti: issued.id, team: 'blue' });
    }
    await t.http.delete(`/api/v1/users/${user.id}/tokens/${issued.id}`).set(t.admin()).expect(204);
    for (const token of [issued.token, viewed.body.token])
      expect((await t.http.get('/api/v1/me').set(bearer(token)).expect(401)).body.code).toBe('token_revoked');
  });

  it('accepts the genuine token and signs new sessions with the same algorithm', async () => {
    await t.http.get('/api/v1/me').set(t.admin()).expect(200);
    const login = await t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
    expect(decode(login.body.access_token.split('.')[0]).alg).toBe('ES256');
  });
});
