import type { ChainedContent } from '../common/hash-chain';
import { chainHash } from '../common/hash-chain';

/** Where a chain stands: the seq and hash the next row must continue from. */
export interface Link {
  seq: number;
  hash: string;
}

export interface ChainedRow extends ChainedContent {
  prevHash: string;
  hash: string;
}

/**
 * Why `row` does not continue the chain after `previous`, or null when it does: the next seq,
 * linked to the previous hash, and its content still what its hash was computed over.
 */
export function linkError(previous: Link, row: ChainedRow): string | null {
  if (row.seq !== previous.seq + 1) return `seq ${row.seq} follows seq ${previous.seq}: the rows between are missing`;
  if (row.prevHash !== previous.hash) return `its prev_hash is not the hash of seq ${previous.seq}`;
  if (chainHash(row, row.prevHash) !== row.hash) return 'its content does not match its hash';
  return null;
}
