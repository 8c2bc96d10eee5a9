import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from '../config/config.module';
import { AuditChainHead } from './audit-chain.entity';
import { AuditChainService } from './audit-chain.service';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { ConfigAudit } from './config-audit';
import { Retention } from './retention';

@Global()
@Module({
  imports: [ConfigModule, TypeOrmModule.forFeature([AuditEvent, AuditChainHead])],
  controllers: [AuditController],
  providers: [AuditService, AuditChainService, ConfigAudit, Retention],
  exports: [AuditService, AuditChainService, Retention],
})
export class AuditModule {}
