import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { CommitHook, collectCommitHooks } from '../common/commit-hooks';

const DEADLOCK_ATTEMPTS = 4;

/**
 * Thrown inside `Transactions.run` to keep the transaction's writes and still fail: reuse
 * detection commits the family's revocation and its audit row, and the request answers 401.
 * `run` commits, runs the after-commit hooks, then rejects with `error` (not with this wrapper).
 */
export class CommitThenFail extends Error {
  constructor(readonly error: Error) {
    super(`committed, then failed: ${error.message}`, { cause: error });
    this.name = 'CommitThenFail';
  }
}

/** The database driver's error code of a failed query (`ER_LOCK_DEADLOCK`, `ER_LOCK_WAIT_TIMEOUT`), or undefined. */
export function driverErrorCode(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
}

type Outcome<T> = { failed: false; value: T } | { failed: true; error: Error };
type Attempt<T> = { result: Outcome<T>; hooks: CommitHook[] };

/** What `work` settled to, as a value the transaction commits; any other throw rolls it back. */
async function settle<T>(work: (manager: EntityManager) => Promise<T>, manager: EntityManager): Promise<Outcome<T>> {
  try {
    return { failed: false, value: await work(manager) };
  } catch (error) {
    if (error instanceof CommitThenFail) return { failed: true, error: error.error };
    throw error;
  }
}

/**
 * Runs writes that belong together in one transaction.
 *
 * better-sqlite3 has a single connection that TypeORM shares between all callers, so two
 * concurrent transactions would interleave on it; they are queued here instead (SQLite
 * serializes writers anyway). MySQL/MariaDB get real concurrent transactions and row locks.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger('Transactions');
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  /** For reads; writes go through run(). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` in a transaction: commits what it returns, rolls back what it throws, except a
   * `CommitThenFail`, which commits and then rejects with the error it carries. After the commit,
   * and before the returned promise settles, the hooks registered with `afterCommit` during the
   * attempt that committed run once each.
   *
   * Never call run() inside run(): on SQLite the inner call would wait for the outer one forever. Pass the manager down instead.
   */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const { result: outcome, hooks } = await this.commit(work);
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        // The transaction stands, so its caller is told what it did: whatever the hook keeps up to
        // date (a cache) is also bounded by a TTL, so a lost hook costs latency, not safety.
        this.logger.error(`an after-commit hook failed: ${(error as Error).message}`, (error as Error).stack);
      }
    }
    if (outcome.failed) throw outcome.error;
    return outcome.value;
  }

  private commit<T>(work: (manager: EntityManager) => Promise<T>): Promise<Attempt<T>> {
    const attempt = () =>
      this.retryDeadlocks(() =>
        this.dataSource.transaction((manager) => collectCommitHooks(manager, () => settle(work, manager))),
      );
    if (!this.serial) return attempt();
    const result = this.queue.then(attempt);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * InnoDB resolves a deadlock by rolling one transaction back, and asks the application to run
   * it again (gap locks make some unavoidable, e.g. two first inserts into an empty table after
   * a locking read). The rolled-back work left nothing behind, so it is simply repeated; SQLite
   * never reports one.
   */
  private async retryDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await transaction();
      } catch (error) {
        if (driverErrorCode(error) !== 'ER_LOCK_DEADLOCK' || attempt >= DEADLOCK_ATTEMPTS) throw error;
      }
    }
  }

  /** SELECT … FOR UPDATE on one row, so racing transactions on the same row take turns. */
  async lock<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    where: Record<string, unknown>,
  ): Promise<E | null> {
    return this.lockForUpdate(manager.createQueryBuilder(entity, 'row').where(where)).getOne();
  }

  /** Makes a query a locking read (FOR UPDATE) where the driver has row locks; SQLite needs none, its writers are queued. */
  lockForUpdate<Q extends SelectQueryBuilder<ObjectLiteral>>(query: Q): Q {
    if (!this.serial) query.setLock('pessimistic_write');
    return query;
  }
}
