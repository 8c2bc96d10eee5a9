import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { TokenValidationService } from './token-validation.service';

@Module({
  imports: [ConfigModule, UsersModule, TokensModule],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy, TokenValidationService, JwtAuthGuard],
  exports: [JwtAuthGuard],
})
export class AuthModule {}
