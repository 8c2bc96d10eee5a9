import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { AttachmentCleanup } from './attachment-cleanup';
import { AttachmentsController } from './attachments.controller';
import { PolicyLanguageOptions } from './language-options';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicyAttachment } from './policy-attachment.entity';
import { PolicyEvaluator } from './policy-evaluator';
import { PolicyInspection } from './policy-inspection';
import { PolicySnapshots } from './policy-snapshot';
import { Policy } from './policy.entity';
import { RouteDeclarations } from './route-declarations';

@Global()
@Module({
  imports: [ConfigModule, UsersModule, DiscoveryModule, TypeOrmModule.forFeature([Policy, PolicyAttachment])],
  controllers: [PoliciesController, AttachmentsController],
  providers: [
    PolicyLanguageOptions,
    PolicySnapshots,
    PolicyEvaluator,
    PoliciesService,
    PolicyInspection,
    RouteDeclarations,
    AttachmentCleanup,
  ],
  exports: [PolicyEvaluator, PolicySnapshots],
})
export class PoliciesModule {}
