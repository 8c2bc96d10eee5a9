import { Module } from '@nestjs/common';
import { AuthStateCache } from './auth-state-cache';
import { ConfigModule } from '../config/config.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordlessController } from './passwordless.controller';
import { RegistryRefresh } from './registry-refresh';
import { TokenEndpoints } from './token-endpoints';
import { TokenEndpointsController } from './token-endpoints.controller';
import { TokenValidationService } from './token-validation.service';

@Module({
  imports: [ConfigModule, UsersModule, TokensModule, SessionsModule],
  controllers: [AuthController, TokenEndpointsController, PasswordlessController],
  providers: [
    AuthService,
    AuthStateCache,
    JwtStrategy,
    TokenValidationService,
    JwtAuthGuard,
    RegistryRefresh,
    TokenEndpoints,
  ],
  exports: [JwtAuthGuard, AuthStateCache],
})
export class AuthModule {}
