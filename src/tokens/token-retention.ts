import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { deleteExpiredBatch, Retention } from '../audit/retention';
import { Transactions } from '../database/transactions';
import { RegistryToken } from './token.entity';

/**
 * Registry rows leave once they expired longer ago than `service.audit.retention_days`. A revoked
 * token stays until then too (the contract's blacklist: listed until it expires and the retention
 * more), and its revocation is in the audit log either way.
 */
@Injectable()
export class TokenRetention implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({ name: 'tokens', pruneBatch: (cutoff, limit) => this.pruneBatch(cutoff, limit) });
  }

  private pruneBatch(cutoff: Date, limit: number): Promise<number> {
    return this.transactions.run((manager) => deleteExpiredBatch(manager, RegistryToken, 'jti', cutoff, limit));
  }
}
