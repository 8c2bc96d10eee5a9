import { hashRefreshToken, isWellFormedRefreshToken, newRefreshToken, sealWith, unsealWith } from './refresh-secret';

describe('refresh token secrets', () => {
  it('makes prefixed tokens of 256 random bits, never twice the same', () => {
    const tokens = new Set(Array.from({ length: 200 }, newRefreshToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(isWellFormedRefreshToken(token)).toBe(true);
      expect(Buffer.from(token.slice('jam_rt_'.length), 'base64url')).toHaveLength(32);
    }
  });

  it('refuses anything else as malformed', () => {
    const token = newRefreshToken();
    for (const bad of [
      token.slice(1),
      `${token}A`,
      token.replace('jam_rt_', 'jam_at_'),
      `${token.slice(0, -1)}.`,
      42,
      null,
    ])
      expect(isWellFormedRefreshToken(bad)).toBe(false);
  });

  it('hashes with SHA-256, hex', () => {
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('seals for the holder of the token and its family only', () => {
    const token = newRefreshToken();
    const sealed = sealWith(token, 'family-1', '{"pair":1}');
    expect(unsealWith(token, 'family-1', sealed)).toBe('{"pair":1}');
    expect(unsealWith(newRefreshToken(), 'family-1', sealed)).toBeUndefined();
    expect(unsealWith(token, 'family-2', sealed)).toBeUndefined();
    expect(unsealWith(token, 'family-1', sealed.slice(0, -2))).toBeUndefined();
    expect(unsealWith(token, 'family-1', 'AAAA')).toBeUndefined();
    expect(sealed).not.toContain('pair');
  });
});
