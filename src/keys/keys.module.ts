import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { JwksController } from './jwks.controller';
import { SigningService } from './signing.service';

@Global()
@Module({
  imports: [ConfigModule],
  controllers: [JwksController],
  providers: [SigningService],
  exports: [SigningService],
})
export class KeysModule {}
