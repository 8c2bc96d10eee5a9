import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { EventBus } from './events';

@Global()
@Module({})
export class CommonModule {
  /** Tests pass a fake clock; the server uses the system clock. */
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, EventBus],
      exports: [Clock, EventBus],
    };
  }
}
