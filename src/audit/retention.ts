import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { setImmediate } from 'node:timers/promises';
import type {
  EntityManager,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsSelect,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import { In, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { ConfigService } from '../config/config.service';
import { AuditChainService } from './audit-chain.service';

/**
 * Something the retention job deletes old rows of. Modules above audit register theirs (the
 * token registry does; session families will), so audit imports none of them.
 */
export interface PruneTarget {
  /** Names the target in the log and in the counts (`tokens`). */
  readonly name: string;
  /**
   * Deletes at most `limit` rows that `cutoff` has made old, in one short transaction of its own,
   * and answers how many it deleted; fewer than `limit` means there are no more.
   */
  pruneBatch(cutoff: Date, limit: number): Promise<number>;
}

/**
 * One prune batch of a table whose rows end at an `expiresAt` column: the oldest `limit` rows that
 * ended before `cutoff`, found by `key` and deleted (after `beforeDelete`, for rows that hang off
 * them) in the caller's transaction. Answers how many went.
 */
export async function deleteExpiredBatch<E extends ObjectLiteral & { expiresAt: Date }>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  key: keyof E & string,
  cutoff: Date,
  limit: number,
  beforeDelete: (keys: unknown[]) => Promise<void> = () => Promise.resolve(),
): Promise<number> {
  const ended = { expiresAt: LessThan(cutoff) } as FindOptionsWhere<E>;
  const due = await manager.find(entity, {
    select: { [key]: true } as FindOptionsSelect<E>,
    where: ended,
    order: { expiresAt: 'ASC' } as FindOptionsOrder<E>,
    take: limit,
  });
  if (due.length === 0) return 0;
  const keys: unknown[] = due.map((row) => row[key]);
  await beforeDelete(keys);
  const { affected } = await manager.delete(entity, { ...ended, [key]: In(keys) });
  return affected ?? due.length;
}

export interface PruneReport {
  /** Rows older than this were due. */
  cutoff: string;
  retention_days: number;
  /** Rows deleted, per target (`audit_events`, `tokens`, …). */
  deleted: Record<string, number>;
}

const JOB = 'audit-retention';
const DAY_MS = 86400_000;
const JOB_OPTIONS = ['service.audit.prune_enabled', 'service.audit.prune_interval'];

/**
 * Retention: deletes audit events older than `service.audit.retention_days`, and whatever the
 * registered targets hold past it, in small batches with the event loop free between them; on a
 * schedule (`service.audit.prune_enabled`, `service.audit.prune_interval`) and on demand (the CLI's
 * `prune`). Every run is logged with its counts.
 */
@Injectable()
export class Retention implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');
  private readonly targets: PruneTarget[];
  private running?: Promise<PruneReport>;

  constructor(
    private readonly config: ConfigService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    chain: AuditChainService,
  ) {
    this.targets = [{ name: 'audit_events', pruneBatch: (cutoff, limit) => chain.pruneBatch(cutoff, limit) }];
  }

  register(target: PruneTarget): void {
    if (this.targets.some((t) => t.name === target.name))
      throw new Error(`A prune target named '${target.name}' is already registered`);
    this.targets.push(target);
  }

  /** Names of the registered targets, in the order a run visits them. */
  targetNames(): string[] {
    return this.targets.map((t) => t.name);
  }

  onApplicationBootstrap(): void {
    this.schedule();
    this.config.onChange((changed) => {
      if (changed.some((key) => JOB_OPTIONS.includes(key))) this.schedule();
    });
  }

  /** Prunes now; a run already under way is joined rather than started twice. */
  prune(): Promise<PruneReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<PruneReport> {
    const days = this.config.get('service.audit.retention_days');
    const limit = this.config.get('service.audit.prune_batch_size');
    const cutoff = new Date(this.clock.now().getTime() - days * DAY_MS);
    const deleted: Record<string, number> = {};
    for (const target of this.targets) {
      deleted[target.name] = 0;
      for (;;) {
        const count = await target.pruneBatch(cutoff, limit);
        deleted[target.name] += count;
        if (count < limit) break;
        // Between batches, requests waiting on the database get their turn.
        await setImmediate();
      }
    }
    const counts = Object.entries(deleted)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ');
    this.logger.log(`Pruned rows older than ${cutoff.toISOString()} (${days} days): ${counts}`);
    return { cutoff: cutoff.toISOString(), retention_days: days, deleted };
  }

  /** (Re)starts the job with the current options. */
  private schedule(): void {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    if (!this.config.get('service.audit.prune_enabled')) return;
    const interval = setInterval(
      () => {
        this.prune().catch((error: Error) =>
          this.logger.error(`The retention job failed: ${error.message}`, error.stack),
        );
      },
      this.config.get('service.audit.prune_interval') * 1000,
    );
    // The job never keeps a process alive on its own (the CLI, tests).
    interval.unref();
    this.scheduler.addInterval(JOB, interval);
  }
}
