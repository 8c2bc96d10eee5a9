import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from '../config/config.module';
import { RefreshToken } from './refresh-token.entity';
import { SessionFamily } from './session-family.entity';
import { SessionRetention } from './session-retention';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [ConfigModule, TypeOrmModule.forFeature([SessionFamily, RefreshToken])],
  controllers: [SessionsController],
  providers: [SessionsService, SessionRetention],
  exports: [SessionsService],
})
export class SessionsModule {}
