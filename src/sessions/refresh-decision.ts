/**
 * What a presented refresh token leads to: the family state machine, without the database.
 *
 * - `rotate`: the family's current token, live: spend it and mint the successor.
 * - `retry`: the spent parent of the current token, within the reuse interval of being spent:
 *   answer the current pair again (a client that lost the response keeps its session).
 * - `reuse`: any other spent token: someone holds a copy, so the whole family is revoked.
 * - `invalid`: the family is over (revoked or past its absolute expiry), or the account cannot act.
 */
export type RefreshDecision = 'rotate' | 'retry' | 'reuse' | 'invalid';

export interface PresentedRefresh {
  /** When the token was spent by a rotation; null while it is the family's current token. */
  spentAt: Date | null;
  /** Whether the family's current token is this token's direct successor. */
  succeededByCurrent: boolean;
}

export interface FamilyState {
  revoked: boolean;
  expiresAt: Date;
}

export function decideRefresh(
  token: PresentedRefresh,
  family: FamilyState,
  now: Date,
  reuseIntervalSeconds: number,
  accountMayAct: boolean,
): RefreshDecision {
  if (family.revoked || family.expiresAt.getTime() <= now.getTime() || !accountMayAct) return 'invalid';
  if (token.spentAt === null) return 'rotate';
  const sinceSpent = now.getTime() - token.spentAt.getTime();
  if (token.succeededByCurrent && sinceSpent <= reuseIntervalSeconds * 1000) return 'retry';
  return 'reuse';
}
