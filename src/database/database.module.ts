import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServerEnvironment } from '../common/environment';
import { dataSourceOptions } from './data-source-options';
import { Transactions } from './transactions';

/** Connects to DATABASE_URL and brings the schema up to date with the migrations before anything else runs. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ServerEnvironment],
      // Each module registers its own entities (TypeOrmModule.forFeature), so this module knows none.
      useFactory: (env: ServerEnvironment) => ({
        ...dataSourceOptions(env.databaseUrl),
        autoLoadEntities: true,
        migrationsRun: true,
      }),
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
