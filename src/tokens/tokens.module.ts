import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { TokenViews } from './token-views';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({
  imports: [ConfigModule],
  controllers: [TokensController],
  providers: [TokensService, TokenViews],
  exports: [TokensService],
})
export class TokensModule {}
