import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServerEnvironment } from './environment';

/** Provides the process settings; tests pass their own instead of touching process.env. */
@Global()
@Module({})
export class EnvironmentModule {
  static forRoot(env: ServerEnvironment = new ServerEnvironment()): DynamicModule {
    return {
      module: EnvironmentModule,
      providers: [{ provide: ServerEnvironment, useValue: env }],
      exports: [ServerEnvironment],
    };
  }
}
