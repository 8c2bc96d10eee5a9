import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { Retention } from '../audit/retention';
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
    return this.transactions.run(async (manager) => {
      const due = await manager.find(SessionFamily, {
        select: { id: true },
        where: { expiresAt: LessThan(cutoff) },
        order: { expiresAt: 'ASC' },
        take: limit,
      });
      if (due.length === 0) return 0;
      const ids = due.map((family) => family.id);
      await manager.delete(RefreshToken, { familyId: In(ids) });
      const { affected } = await manager.delete(SessionFamily, { id: In(ids), expiresAt: LessThan(cutoff) });
      return affected ?? due.length;
    });
  }
}
