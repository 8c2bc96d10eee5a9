import { createHash } from 'node:crypto';

/** The link before the first row of a chain that has never been pruned. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What one audit row's hash covers. `at` is kept to the millisecond, as `datetime(3)` stores it on
 * every driver, so the hash computed at the write is the one recomputed from the stored row.
 */
export interface ChainedContent {
  seq: number;
  id: string;
  type: string;
  at: Date;
  userId: string | null;
  actorId: string | null;
  ip: string | null;
  jti: string | null;
  reason: string | null;
  detail: unknown;
}

/**
 * JSON with every object's keys in UTF-16 code-unit order (as RFC 8785 sorts them), so a JSON column
 * that hands keys back in another order (MariaDB's JSON functions, a hand-written row) hashes the
 * same. Otherwise JSON.stringify's rules, which are also what the `simple-json` column stores:
 * `undefined` members are dropped, a Date becomes its ISO string.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * SHA-256 (hex) over the row's content and the previous row's hash. The leading version names
 * this serialization: a later change must keep computing `v1` for the rows written under it
 * (the audit-chain migration chained the rows that existed before it with this function).
 */
export function chainHash(content: ChainedContent, previousHash: string): string {
  const serialized = canonicalJson([
    'jam-audit-v1',
    content.seq,
    content.id,
    content.type,
    content.at.toISOString(),
    content.userId,
    content.actorId,
    content.ip,
    content.jti,
    content.reason,
    content.detail,
    previousHash,
  ]);
  return createHash('sha256').update(serialized, 'utf8').digest('hex');
}
