import { MAX_CLAIMS_DEPTH } from '../common/json-depth';
import type { ClaimInput } from './claims';
import { additionalClaimsErrors, additionalClaimsOf, buildClaims, RESERVED_CLAIMS } from './claims';

describe('additionalClaimsErrors', () => {
  it('accepts a small object of custom claims', () => {
    expect(additionalClaimsErrors({ department: 'sales', level: 3, tags: ['a'] }, 4096)).toEqual([]);
  });

  it('accepts an empty object', () => {
    expect(additionalClaimsErrors({}, 64)).toEqual([]);
  });

  it.each([null, undefined, 'text', 42, true, [], [{ a: 1 }]])('refuses %p as not a JSON object', (claims) => {
    expect(additionalClaimsErrors(claims, 4096)).toEqual(['additional_claims must be a JSON object']);
  });

  it.each(RESERVED_CLAIMS.map((name) => [name]))('refuses the reserved claim %s by name', (name) => {
    expect(additionalClaimsErrors({ [name]: 'x', ok: 1 }, 4096)).toEqual([
      `additional_claims must not set reserved claims: ${name}`,
    ]);
  });

  it('names every reserved claim it finds, in the given order', () => {
    expect(additionalClaimsErrors({ sub: 'x', role: 'y', exp: 1, iss: 'z' }, 4096)).toEqual([
      'additional_claims must not set reserved claims: sub, exp, iss',
    ]);
  });

  describe('nesting, the claim set being level 1', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'x' : { k: nested(levels - 1) });

    it('accepts claims nested exactly MAX_CLAIMS_DEPTH levels', () => {
      expect(additionalClaimsErrors(nested(MAX_CLAIMS_DEPTH), 4096)).toEqual([]);
    });

    it('refuses one level more, before measuring its size', () => {
      expect(additionalClaimsErrors(nested(MAX_CLAIMS_DEPTH + 1), 64)).toEqual([
        `additional_claims nests objects or arrays more than ${MAX_CLAIMS_DEPTH} levels deep`,
      ]);
    });

    it('refuses claims nested 100,000 levels without overflowing the stack', () => {
      const deep = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as Record<string, unknown>;
      expect(additionalClaimsErrors(deep, 4096)).toEqual([
        `additional_claims nests objects or arrays more than ${MAX_CLAIMS_DEPTH} levels deep`,
      ]);
    });
  });

  it('treats claim names case-sensitively (ISS is not iss)', () => {
    expect(additionalClaimsErrors({ ISS: 'x', Sub: 'y' }, 4096)).toEqual([]);
  });

  describe('size cap, counted in UTF-8 bytes of the JSON text', () => {
    // {"a":"…"} is 8 bytes of JSON around the value.
    it.each([
      ['ASCII exactly at the limit', 'x'.repeat(56), 64, []],
      ['ASCII one byte over', 'x'.repeat(57), 64, ['additional_claims is 65 bytes as JSON; the limit is 64']],
      ['two-byte characters at the limit', 'é'.repeat(28), 64, []],
      [
        'two-byte characters one char over (2 bytes)',
        'é'.repeat(29),
        64,
        ['additional_claims is 66 bytes as JSON; the limit is 64'],
      ],
      [
        'four-byte emoji counted as 4 bytes, not 2 UTF-16 units',
        '😀'.repeat(15),
        64,
        ['additional_claims is 68 bytes as JSON; the limit is 64'],
      ],
    ])('%s', (_case, value, limit, errors) => {
      expect(additionalClaimsErrors({ a: value }, limit)).toEqual(errors);
    });
  });

  it('reports a reserved name and the size together', () => {
    expect(additionalClaimsErrors({ jti: 'x'.repeat(100) }, 64)).toEqual([
      'additional_claims must not set reserved claims: jti',
      'additional_claims is 110 bytes as JSON; the limit is 64',
    ]);
  });
});

describe('buildClaims', () => {
  const input: ClaimInput = {
    jti: 'jti-1',
    sub: 'user-1',
    issuedAt: 1000,
    expiresAt: 2000,
    issuer: 'issuer',
    audience: 'api',
    tokenUse: 'api',
    refreshable: true,
    revocable: false,
    credentialEpoch: 7,
  };

  it('writes the registered and product claims from the input', () => {
    expect(buildClaims(input)).toEqual({
      jti: 'jti-1',
      sub: 'user-1',
      iat: 1000,
      exp: 2000,
      iss: 'issuer',
      aud: 'api',
      token_use: 'api',
      refreshable: true,
      revocable: false,
      cep: 7,
    });
  });

  it('carries additional claims alongside', () => {
    expect(buildClaims({ ...input, additional: { department: 'sales' } })).toMatchObject({
      department: 'sales',
      sub: 'user-1',
    });
  });

  it('keeps the server values of reserved claims even if additional claims set them', () => {
    const claims = buildClaims({
      ...input,
      family: 'fam-1',
      additional: {
        jti: 'x',
        sub: 'admin',
        iat: 1,
        exp: 9e9,
        iss: 'evil',
        aud: 'other',
        token_use: 'access',
        refreshable: false,
        revocable: true,
        fam: 'x',
        cep: 0,
      },
    });
    expect(claims).toEqual({ ...buildClaims({ ...input, family: 'fam-1' }) });
  });

  it('writes fam when a family is given', () => {
    expect(buildClaims({ ...input, family: 'fam-1' }).fam).toBe('fam-1');
  });

  it('leaves fam out when no family is given', () => {
    expect(buildClaims(input)).not.toHaveProperty('fam');
  });

  it('leaves fam out when no family is given, even if additional claims carry one', () => {
    expect(buildClaims({ ...input, additional: { fam: 'someone-elses-family' } })).not.toHaveProperty('fam');
  });

  it('writes client_id when a client is given, and never from additional claims', () => {
    expect(buildClaims({ ...input, clientId: 'console' }).client_id).toBe('console');
    expect(buildClaims({ ...input, clientId: 'console', additional: { client_id: 'evil' } }).client_id).toBe('console');
    expect(buildClaims({ ...input, additional: { client_id: 'evil' } })).not.toHaveProperty('client_id');
  });

  it.each(['nbf', 'typ', 'kid', 'alg'])('never writes the reserved claim %s from additional claims', (name) => {
    expect(buildClaims({ ...input, additional: { [name]: 'x' } })).not.toHaveProperty(name);
  });
});

describe('additionalClaimsOf', () => {
  it('keeps only the non-reserved claims of a stored claim set', () => {
    const stored = {
      ...buildClaims({
        jti: 'j',
        sub: 's',
        issuedAt: 1,
        expiresAt: 2,
        issuer: 'i',
        audience: 'a',
        tokenUse: 'api',
        refreshable: true,
        revocable: true,
        credentialEpoch: 3,
        family: 'f',
      }),
      nbf: 1,
      department: 'sales',
      level: 3,
    };
    expect(additionalClaimsOf(stored)).toEqual({ department: 'sales', level: 3 });
  });

  it('returns an empty object for a claim set with only reserved claims', () => {
    expect(additionalClaimsOf({ sub: 'x', exp: 1 })).toEqual({});
  });

  it('is the inverse of buildClaims for additional claims', () => {
    const additional = { department: 'sales', nested: { a: [1, 2] } };
    const claims = buildClaims({
      jti: 'j',
      sub: 's',
      issuedAt: 1,
      expiresAt: 2,
      issuer: 'i',
      audience: 'a',
      tokenUse: 'api',
      refreshable: true,
      revocable: true,
      credentialEpoch: 0,
      additional,
    });
    expect(additionalClaimsOf(claims)).toEqual(additional);
  });
});
