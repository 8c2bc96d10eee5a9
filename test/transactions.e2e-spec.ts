import { Injectable, LoggerService } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { CommonModule } from '../src/common/common.module';
import { ServerEnvironment } from '../src/common/environment';
import { EnvironmentModule } from '../src/common/environment.module';
import type { CommittedEvent, ConfigChanged } from '../src/common/events';
import { CONFIG_CHANGED, EventBus, OnCommittedEvent, OnDomainEvent } from '../src/common/events';
import { ConfigValue } from '../src/config/config-value.entity';
import { DatabaseModule } from '../src/database/database.module';
import { CommitThenFail, Transactions } from '../src/database/transactions';
import type { TestDatabase } from './database';
import { createTestDatabase, TEST_DB } from './database';

/** Both kinds of listener, recording what they were given and what the database held at that moment. */
@Injectable()
class Listeners {
  inTransaction: string[][] = [];
  committed: { keys: string[]; stored: string[] }[] = [];
  failNext = false;

  constructor(private readonly dataSource: DataSource) {}

  @OnDomainEvent(CONFIG_CHANGED)
  onChange(event: ConfigChanged): Promise<void> {
    this.inTransaction.push(event.keys);
    return Promise.resolve();
  }

  @OnCommittedEvent(CONFIG_CHANGED)
  async onCommitted(event: CommittedEvent<typeof CONFIG_CHANGED>): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the cache is unreachable');
    }
    // Outside any transaction: on MariaDB another connection, which sees only committed rows, so
    // a listener called before the commit would find nothing stored.
    const stored = (await this.dataSource.getRepository(ConfigValue).find()).map((row) => row.key).sort();
    this.committed.push({ keys: event.keys, stored });
  }
}

class CapturedErrors implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: string): void {
    this.errors.push(message);
  }
}

class DomainError extends Error {}

const deadlock = () =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }));

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Transactions.run and the EventBus on a real database, through the production migrations. */
describe('transactions and the events emitted in them', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let transactions: Transactions;
  let events: EventBus;
  let listeners: Listeners;
  const log = new CapturedErrors();

  beforeAll(async () => {
    database = await createTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [
        EnvironmentModule.forRoot(new ServerEnvironment({ DATABASE_URL: database.url })),
        EventEmitterModule.forRoot(),
        CommonModule.forRoot(),
        DatabaseModule,
        TypeOrmModule.forFeature([ConfigValue]),
      ],
      providers: [Listeners],
    })
      .setLogger(log)
      .compile();
    await moduleRef.init();
    transactions = moduleRef.get(Transactions);
    events = moduleRef.get(EventBus);
    listeners = moduleRef.get(Listeners);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await transactions.run((manager) => manager.clear(ConfigValue));
    listeners.inTransaction = [];
    listeners.committed = [];
    log.errors.length = 0;
  });

  /** A write and the event that announces it, in the caller's transaction. */
  const change = async (manager: EntityManager, key: string): Promise<void> => {
    await manager.insert(ConfigValue, { key, value: '1', updatedAt: new Date(), updatedBy: null });
    await events.emit(CONFIG_CHANGED, { keys: [key], values: { [key]: 1 }, actorId: null, manager });
  };

  const stored = async () => (await transactions.manager.find(ConfigValue)).map((row) => row.key).sort();

  it('commits what the work returns and tells after-commit listeners once, with the change visible', async () => {
    await expect(transactions.run((m) => change(m, 'a').then(() => 'done'))).resolves.toBe('done');

    expect(await stored()).toEqual(['a']);
    expect(listeners.inTransaction).toEqual([['a']]);
    expect(listeners.committed).toEqual([{ keys: ['a'], stored: ['a'] }]);
  });

  it('rolls back on a plain throw, rejects with that error and tells no after-commit listener', async () => {
    const error = new DomainError('refused');

    await expect(
      transactions.run(async (m) => {
        await change(m, 'a');
        throw error;
      }),
    ).rejects.toBe(error);

    expect(await stored()).toEqual([]);
    expect(listeners.inTransaction).toEqual([['a']]);
    expect(listeners.committed).toEqual([]);
  });

  it('commits on CommitThenFail, tells after-commit listeners, then rejects with the error it carries', async () => {
    const error = new DomainError('token reuse detected');

    await expect(
      transactions.run(async (m) => {
        await change(m, 'revoked');
        throw new CommitThenFail(error);
      }),
    ).rejects.toBe(error);

    expect(await stored()).toEqual(['revoked']);
    expect(listeners.committed).toEqual([{ keys: ['revoked'], stored: ['revoked'] }]);
  });

  it('keeps CommitThenFail thrown from deep inside the work, after later writes of the same transaction', async () => {
    const error = new DomainError('token reuse detected');
    const detect = async (m: EntityManager) => {
      await change(m, 'family');
      await change(m, 'audit');
      throw new CommitThenFail(error);
    };

    await expect(transactions.run((m) => detect(m))).rejects.toBe(error);

    expect(await stored()).toEqual(['audit', 'family']);
    expect(listeners.committed.map((c) => c.keys)).toEqual([['family'], ['audit']]);
  });

  describe('when a deadlock makes the transaction run again', () => {
    /** Work that writes and emits on every attempt and reports a deadlock on the first one. */
    const deadlockedOnce = (finish: (m: EntityManager) => Promise<string>) => {
      let attempt = 0;
      return async (m: EntityManager) => {
        attempt += 1;
        await change(m, `attempt-${attempt}`);
        if (attempt === 1) throw deadlock();
        return finish(m);
      };
    };

    it('keeps only the attempt that committed, and tells after-commit listeners once, about it', async () => {
      await expect(transactions.run(deadlockedOnce(() => Promise.resolve('done')))).resolves.toBe('done');

      expect(await stored()).toEqual(['attempt-2']);
      // Same-transaction listeners run in every attempt, and their writes roll back with it.
      expect(listeners.inTransaction).toEqual([['attempt-1'], ['attempt-2']]);
      expect(listeners.committed).toEqual([{ keys: ['attempt-2'], stored: ['attempt-2'] }]);
    });

    it('commits and rejects when the attempt that runs to the end throws CommitThenFail', async () => {
      const error = new DomainError('token reuse detected');

      await expect(transactions.run(deadlockedOnce(() => Promise.reject(new CommitThenFail(error))))).rejects.toBe(
        error,
      );

      expect(await stored()).toEqual(['attempt-2']);
      expect(listeners.committed).toEqual([{ keys: ['attempt-2'], stored: ['attempt-2'] }]);
    });

    it('gives up after four deadlocks, having committed nothing and told no after-commit listener', async () => {
      await expect(
        transactions.run(async (m) => {
          await change(m, 'never');
          throw deadlock();
        }),
      ).rejects.toBeInstanceOf(QueryFailedError);

      expect(listeners.inTransaction).toHaveLength(4);
      expect(await stored()).toEqual([]);
      expect(listeners.committed).toEqual([]);
    });
  });

  /** SQLite queues its transactions, so two of them can never hold a lock each: only InnoDB deadlocks. */
  (TEST_DB === 'mariadb' ? describe : describe.skip)('on MariaDB', () => {
    it('retries the loser of a real InnoDB deadlock and tells after-commit listeners once per commit', async () => {
      await transactions.run(async (m) => {
        await m.insert(ConfigValue, { key: 'x', value: '0', updatedAt: new Date(), updatedBy: null });
        await m.insert(ConfigValue, { key: 'y', value: '0', updatedAt: new Date(), updatedBy: null });
      });
      listeners.committed = [];
      const holds = { x: signal(), y: signal() };
      let attempts = 0;
      /** Changes `first` and announces it, waits (on the first attempt) until the other one holds `second`, then locks it. */
      const lockBoth = (first: 'x' | 'y', second: 'x' | 'y') => async (m: EntityManager) => {
        attempts += 1;
        await transactions.lock(m, ConfigValue, { key: first });
        await m.update(ConfigValue, { key: first }, { value: '1' });
        await events.emit(CONFIG_CHANGED, { keys: [first], values: { [first]: 1 }, actorId: null, manager: m });
        holds[first].resolve();
        await holds[second].promise;
        await transactions.lock(m, ConfigValue, { key: second });
        return first;
      };

      await expect(
        Promise.all([transactions.run(lockBoth('x', 'y')), transactions.run(lockBoth('y', 'x'))]),
      ).resolves.toEqual(['x', 'y']);

      // InnoDB rolled one back and it ran again: its listeners ran in both attempts, its after-commit listeners once.
      expect(attempts).toBe(3);
      expect(listeners.inTransaction).toHaveLength(3);
      expect(listeners.committed.map((c) => c.keys[0]).sort()).toEqual(['x', 'y']);
    });
  });

  it('answers as committed when an after-commit listener fails, and logs the failure', async () => {
    listeners.failNext = true;

    await expect(transactions.run((m) => change(m, 'a').then(() => 'done'))).resolves.toBe('done');

    expect(await stored()).toEqual(['a']);
    expect(log.errors).toEqual([expect.stringContaining('the cache is unreachable')]);
    await transactions.run((m) => change(m, 'b'));
    expect(listeners.committed).toEqual([{ keys: ['b'], stored: ['a', 'b'] }]);
  });

  it('refuses an event emitted with a manager that is not in a transaction of Transactions.run', async () => {
    await expect(
      events.emit(CONFIG_CHANGED, { keys: [], values: {}, actorId: null, manager: transactions.manager }),
    ).rejects.toThrow(/afterCommit needs the manager of a transaction/);
  });
});
