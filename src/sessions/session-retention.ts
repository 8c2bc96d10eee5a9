import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { deleteExpiredBatch, Retention } from '../audit/retention';
import { Transactions } from '../database/transactions';
import { RefreshToken } from './refresh-token.entity';
import { SessionFamily } from './session-family.entity';

/**
 * Session families leave, with their refresh tokens, once they ended (their absolute expiry)
 * longer ago than `service.audit.retention_days`; a revoked family stays listed until then too,
 * like a revoked registry token. Until a family leaves, every token of it stays, so reuse of any
 * spent one is still recognized as reuse.
 */
@Injectable()
export class SessionRetention implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({ name: 'sessions', pruneBatch: (cutoff, limit) => this.pruneBatch(cutoff, limit) });
  }

  private pruneBatch(cutoff: Date, limit: number): Promise<number> {
    return this.transactions.run((manager) =>
      deleteExpiredBatch(manager, SessionFamily, 'id', cutoff, limit, async (ids) => {
        await manager.delete(RefreshToken, { familyId: In(ids as string[]) });
      }),
    );
  }
}
