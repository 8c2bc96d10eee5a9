import { createHmac, generateKeyPairSync } from 'node:crypto';
import { TokenError } from 'fast-jwt';
import type { Algorithm, KeyMaterial } from './key-material';
import { loadKeyMaterial } from './key-material';
import { KeyRing } from './key-ring';

const pem = (type: 'rsa' | 'ec') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const material = (algorithm: Algorithm, privateKeyPem = '', secret = ''): KeyMaterial =>
  loadKeyMaterial({ algorithm, secret, privateKeyPem, passphrase: '', publicKeyPem: '' }, '/nonexistent', false);

const hmac = material('HS256', '', 'a-secret-long-enough-for-the-ring-spec');
const rsa = material('RS256', pem('rsa'));
const ec = material('ES256', pem('ec'));
const ed = material(
  'EdDSA',
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
);
const claims = { jti: 'j1', sub: 'u1' };
const NOW = Date.parse('2026-12-02T12:00:00Z');

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const codeOf = (thrown: () => unknown) => {
  try {
    thrown();
  } catch (error) {
    return (error as TokenError).code;
  }
  return 'accepted';
};

describe('KeyRing', () => {
  const ring = new KeyRing(
    rsa,
    [ec, ed, hmac].map((material) => ({ material })),
  );

  it('signs with the current key, naming it by kid', () => {
    const token = ring.sign(claims, 'JWT');
    expect(ring.verify(token, NOW).header).toMatchObject({ alg: 'RS256', kid: rsa.kid, typ: 'JWT' });
  });

  it.each([
    ['an ES256 key', ec],
    ['an EdDSA key', ed],
    ['an HMAC key', hmac],
  ])('verifies a token of a previous key (%s), found by its kid', (_case, previous) => {
    const token = new KeyRing(previous).sign(claims, 'at+jwt');
    expect(ring.verify(token, NOW).payload).toMatchObject(claims);
  });

  it("re-signs a previous key's claims under the current key: other bytes, the same claims, both valid", () => {
    const issued = new KeyRing(ec).sign(claims, 'JWT');
    const viewed = ring.sign(ring.verify(issued, NOW).payload, 'JWT');
    expect(viewed).not.toBe(issued);
    expect(ring.verify(viewed, NOW)).toMatchObject({
      header: { alg: 'RS256', kid: rsa.kid, typ: 'JWT' },
      payload: ring.verify(issued, NOW).payload,
    });
  });

  it('refuses a kid the ring does not hold as a bad signature', () => {
    const stranger = material('ES256', pem('ec'));
    expect(codeOf(() => ring.verify(new KeyRing(stranger).sign(claims, 'JWT'), NOW))).toBe(
      TokenError.codes.invalidSignature,
    );
    const renamed = `${b64({ alg: 'RS256', kid: 'not-ours', typ: 'JWT' })}.${ring.sign(claims, 'JWT').split('.').slice(1).join('.')}`;
    expect(codeOf(() => ring.verify(renamed, NOW))).toBe(TokenError.codes.invalidSignature);
  });

  it('refuses a token whose alg is not the one of the key its kid names', () => {
    // HS256 keyed with the RSA public key: the classic algorithm confusion, aimed at one key by kid.
    const header = b64({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' });
    const body = b64(claims);
    const forged = `${header}.${body}.${createHmac('sha256', rsa.verificationKey).update(`${header}.${body}`).digest('base64url')}`;
    expect(codeOf(() => ring.verify(forged, NOW))).toBe(TokenError.codes.invalidAlgorithm);
  });

  it('refuses a token signed by another key under one of our kids as a bad signature', () => {
    const token = new KeyRing(material('RS256', pem('rsa'))).sign(claims, 'JWT').split('.');
    const header = b64({ alg: 'RS256', kid: rsa.kid, typ: 'JWT' });
    expect(codeOf(() => ring.verify(`${header}.${token[1]}.${token[2]}`, NOW))).toBe(TokenError.codes.invalidSignature);
  });

  it('checks a token without kid against the current key (RFC 7515 makes kid optional)', () => {
    const withKid = new KeyRing(hmac).sign(claims, 'JWT').split('.');
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const body = withKid[1];
    const signature = createHmac('sha256', hmac.verificationKey).update(`${header}.${body}`).digest('base64url');
    expect(new KeyRing(hmac).verify(`${header}.${body}.${signature}`, NOW).payload).toMatchObject(claims);
    expect(codeOf(() => ring.verify(`${header}.${body}.${signature}`, NOW))).toBe(TokenError.codes.invalidAlgorithm);
  });

  it.each([['not a token'], ['a.b.c'], ['%%%.e30.x']])('reports %p as malformed', (token) => {
    expect(codeOf(() => ring.verify(token, NOW))).toBe(TokenError.codes.malformed);
  });

  it('publishes every public key it holds, and none for HMAC', () => {
    expect(ring.jwks(NOW)).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: rsa.kid, use: 'sig' }),
      expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: ec.kid, use: 'sig' }),
      // RFC 8037 §2: an Ed25519 key is an octet key pair with only x.
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), alg: 'EdDSA', kid: ed.kid, use: 'sig' },
    ]);
    expect(new KeyRing(hmac).jwks(NOW)).toEqual([]);
  });

  describe('after a rotation', () => {
    const HOUR = 3600_000;
    const rotated = new KeyRing(ec, [{ material: rsa, retiresAt: NOW + HOUR }]);
    const before = new KeyRing(rsa).sign(claims, 'JWT');

    it('signs with the new key and still verifies a token of the previous one until it retires', () => {
      expect(rotated.verify(rotated.sign(claims, 'JWT'), NOW).header).toMatchObject({ alg: 'ES256', kid: ec.kid });
      expect(rotated.verify(before, NOW + HOUR - 1).payload).toMatchObject(claims);
    });

    it('refuses a token of the previous key once it has retired, as a kid it does not hold', () => {
      expect(codeOf(() => rotated.verify(before, NOW + HOUR))).toBe(TokenError.codes.invalidSignature);
    });

    it('publishes the previous public key until it retires, then only the current one', () => {
      expect(rotated.jwks(NOW + HOUR - 1).map((key) => key.kid)).toEqual([ec.kid, rsa.kid]);
      expect(rotated.jwks(NOW + HOUR).map((key) => key.kid)).toEqual([ec.kid]);
    });

    it('never retires the current key, even one also listed as previous', () => {
      const ring = new KeyRing(rsa, [{ material: rsa, retiresAt: NOW }]);
      expect(ring.verify(before, NOW + HOUR).payload).toMatchObject(claims);
      expect(ring.jwks(NOW + HOUR).map((key) => key.kid)).toEqual([rsa.kid]);
    });
  });
});
