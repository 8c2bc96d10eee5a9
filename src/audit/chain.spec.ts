import { chainHash, GENESIS_HASH } from '../common/hash-chain';
import type { ChainedRow } from './chain';
import { linkError } from './chain';

const AT = new Date('2026-12-02T10:00:00.123Z');

function rowAfter(previous: { seq: number; hash: string }, fields: Partial<ChainedRow> = {}): ChainedRow {
  const content = {
    seq: previous.seq + 1,
    id: `row-${previous.seq + 1}`,
    type: 'token_issued',
    at: AT,
    userId: 'u1',
    actorId: 'a1',
    ip: '127.0.0.1',
    jti: 'j1',
    reason: null,
    detail: { b: 1, a: [1, { d: 2, c: 3 }] },
    ...fields,
  };
  return { ...content, prevHash: previous.hash, hash: chainHash(content, previous.hash) };
}

describe('the audit hash chain', () => {
  const genesis = { seq: 0, hash: GENESIS_HASH };
  const first = rowAfter(genesis);
  const second = rowAfter(first);

  it('accepts rows that continue each other from the genesis hash', () => {
    expect(linkError(genesis, first)).toBeNull();
    expect(linkError(first, second)).toBeNull();
  });

  it('hashes the same content the same, whatever the order of the detail keys', () => {
    const reordered = rowAfter(genesis, { detail: { a: [1, { c: 3, d: 2 }], b: 1 } });
    expect(reordered.hash).toBe(first.hash);
    expect(linkError(genesis, { ...first, detail: { a: [1, { c: 3, d: 2 }], b: 1 } })).toBeNull();
  });

  it.each<[string, Partial<ChainedRow>]>([
    ['id', { id: 'other' }],
    ['type', { type: 'token_revoked' }],
    ['time (one millisecond later)', { at: new Date(AT.getTime() + 1) }],
    ['user', { userId: 'u2' }],
    ['actor', { actorId: null }],
    ['address', { ip: '10.0.0.1' }],
    ['jti', { jti: 'j2' }],
    ['reason', { reason: 'revoked' }],
    ['detail (a value)', { detail: { b: 2, a: [1, { d: 2, c: 3 }] } }],
    ['detail (array order)', { detail: { b: 1, a: [{ d: 2, c: 3 }, 1] } }],
  ])('refuses a row with an edited %s', (_field, edit) => {
    expect(linkError(genesis, { ...first, ...edit })).toBe('its content does not match its hash');
  });

  it('refuses a row whose seq was changed, even with its hash recomputed', () => {
    const moved = rowAfter(genesis, { seq: 5 });
    expect(linkError({ seq: 4, hash: GENESIS_HASH }, moved)).toBeNull();
    expect(linkError(genesis, moved)).toBe('seq 5 follows seq 0: the rows between are missing');
    expect(linkError(genesis, { ...first, seq: 2 })).toMatch(/rows between are missing/);
  });

  it('refuses a row after a gap (a deleted row)', () => {
    expect(linkError(genesis, second)).toBe('seq 2 follows seq 0: the rows between are missing');
  });

  it('refuses a row that links to another predecessor', () => {
    const edited = rowAfter(genesis, { reason: 'forged' });
    expect(linkError(edited, second)).toBe('its prev_hash is not the hash of seq 1');
  });

  it('pins the v1 serialization (changing it would break every stored chain)', () => {
    expect(first.hash).toBe(chainHash({ ...first }, GENESIS_HASH));
    expect(first.hash).toMatchInlineSnapshot(`"92e3cd01ea11f35be12faa1de9d787ba32d73808d41ff404e289c51fc42aa639"`);
  });
});
