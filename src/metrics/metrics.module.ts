import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Registry } from 'prom-client';
import { AuditMetrics } from './audit-metrics';
import { DependencyMetrics } from './dependency-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { SourcedMetrics } from './sourced-metrics';

/**
 * `GET /metrics` (docs/metrics.md). The registry is this application's own, never prom-client's
 * global one: a process may run several applications (the e2e tests), each counting its own.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [MetricsController],
  providers: [
    { provide: Registry, useFactory: () => new Registry() },
    MetricsService,
    HttpMetrics,
    AuditMetrics,
    DependencyMetrics,
    SourcedMetrics,
  ],
})
export class MetricsModule {}
