import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { ConfigController } from './config.controller';
import { ConfigService } from './config.service';
import { ServerEnvironment } from './environment';

@Module({
  controllers: [ConfigController],
  providers: [
    {
      provide: ConfigService,
      inject: [ServerEnvironment, Transactions, AuditService, Clock],
      useFactory: async (env: ServerEnvironment, transactions: Transactions, audit: AuditService, clock: Clock) => {
        const config = new ConfigService(env, transactions, audit, clock);
        await config.load();
        return config;
      },
    },
  ],
  exports: [ConfigService],
})
export class ConfigModule {}
