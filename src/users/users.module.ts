import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { PasswordHasher } from './password.service';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';
import { SeedService } from './seed.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [ConfigModule],
  controllers: [UsersController, RolesController],
  providers: [UsersService, RolesService, PasswordHasher, SeedService],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
