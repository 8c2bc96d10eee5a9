import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from '../config/config.module';
import { RegistryToken } from './token.entity';
import { TokenRetention } from './token-retention';
import { TokenViews } from './token-views';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({
  imports: [ConfigModule, TypeOrmModule.forFeature([RegistryToken])],
  controllers: [TokensController],
  providers: [TokensService, TokenViews, TokenRetention],
  exports: [TokensService, TokenViews],
})
export class TokensModule {}
