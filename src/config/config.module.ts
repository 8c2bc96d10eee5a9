import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
      inject: [ServerEnvironment, DataSource, Transactions, AuditService, Clock],
      useFactory: async (env: ServerEnvironment, dataSource: DataSource, transactions: Transactions, audit: AuditService, clock: Clock) => {
        const config = new ConfigService(env, dataSource, transactions, audit, clock);
        await config.load();
        return config;
      },
    },
  ],
  exports: [ConfigService],
})
export class ConfigModule {}
