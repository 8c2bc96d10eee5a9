import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';

const DEADLOCK_ATTEMPTS = 4;

/**
 * Runs writes that belong together in one transaction.
 *
 * better-sqlite3 has a single connection that TypeORM shares between all callers, so two
 * concurrent transactions would interleave on it; they are queued here instead (SQLite
 * serializes writers anyway). MySQL/MariaDB get real concurrent transactions and row locks.
 */
@Injectable()
export class Transactions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  /** For reads; writes go through run(). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Never call run() inside run(): on SQLite the inner call would wait for the outer one forever. Pass the manager down instead. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.retryDeadlocks(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * InnoDB resolves a deadlock by rolling one transaction back, and asks the application to run
   * it again (gap locks make some unavoidable, e.g. two first inserts into an empty table after
   * a locking read). The rolled-back work left nothing behind, so it is simply repeated.
   */
  private async retryDeadlocks<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const code =
          error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
        if (code !== 'ER_LOCK_DEADLOCK' || attempt >= DEADLOCK_ATTEMPTS) throw error;
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
