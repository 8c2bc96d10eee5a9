import type { EntityManager } from 'typeorm';

/** Work that must see only committed data, and act on it once: cache eviction, publishing a change. */
export type CommitHook = () => Promise<void>;

/**
 * The hooks of each running transaction attempt, keyed by the attempt's manager. Kept here, below
 * `database/`, so that `EventBus` can defer work without importing `Transactions`. Keyed by the
 * manager rather than held in one list, so concurrent transactions (MariaDB) never share hooks.
 */
const open = new WeakMap<EntityManager, CommitHook[]>();

/** Runs `hook` after the transaction of `manager` has committed; never if it rolls back or is retried. */
export function afterCommit(manager: EntityManager, hook: CommitHook): void {
  const hooks = open.get(manager);
  // Without a transaction there is no commit to wait for, and the hook would be lost silently.
  if (!hooks) throw new Error('afterCommit needs the manager of a transaction that Transactions.run is running');
  hooks.push(hook);
}

/** Collects the hooks registered with `manager` while `work` runs (Transactions.run, once per attempt). */
export async function collectCommitHooks<T>(
  manager: EntityManager,
  work: () => Promise<T>,
): Promise<{ result: T; hooks: CommitHook[] }> {
  const hooks: CommitHook[] = [];
  open.set(manager, hooks);
  try {
    return { result: await work(), hooks };
  } finally {
    // better-sqlite3 hands every transaction the same manager: the next one starts with none.
    open.delete(manager);
  }
}
