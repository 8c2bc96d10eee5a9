import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { EventBus } from '../common/events';
import { Transactions } from '../database/transactions';
import { ConfigValue } from './config-value.entity';
import { ConfigController } from './config.controller';
import { ConfigService } from './config.service';
import { ServerEnvironment } from '../common/environment';

@Module({
  imports: [TypeOrmModule.forFeature([ConfigValue])],
  controllers: [ConfigController],
  providers: [
    {
      provide: ConfigService,
      inject: [ServerEnvironment, Transactions, EventBus, Clock],
      useFactory: async (env: ServerEnvironment, transactions: Transactions, events: EventBus, clock: Clock) => {
        const config = new ConfigService(env, transactions, events, clock);
        await config.load();
        return config;
      },
    },
  ],
  exports: [ConfigService],
})
export class ConfigModule {}
