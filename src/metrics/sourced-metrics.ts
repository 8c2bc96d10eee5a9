import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricsSource, SourcedMetric } from '../common/metrics-source';
import { METRICS_SOURCE } from '../common/metrics-source';

/**
 * Publishes the metrics of every provider marked `@PublishesMetrics()` (common/metrics-source.ts):
 * modules below this one (the caches of auth/, the change-event bus of redis/) cannot import it,
 * so they name their metrics and this reads them at each scrape.
 */
@Injectable()
export class SourcedMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly registry: Registry,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as MetricsSource | undefined;
      const { metatype } = wrapper;
      if (!instance || !metatype || !this.reflector.get<boolean>(METRICS_SOURCE, metatype)) continue;
      for (const metric of instance.metrics()) this.publish(metric);
    }
  }

  private publish(metric: SourcedMetric): void {
    const labelNames = [...(metric.labelNames ?? [])];
    const options = { name: metric.name, help: metric.help, labelNames, registers: [this.registry] };
    // A counter cannot be set; it is published as what the source counted, zeroed first.
    if (metric.type === 'counter')
      new Counter({
        ...options,
        collect() {
          this.reset();
          for (const { labels, value } of readings(metric)) this.inc(labels, value);
        },
      });
    else
      new Gauge({
        ...options,
        collect() {
          this.reset();
          for (const { labels, value } of readings(metric)) this.set(labels, value);
        },
      });
  }
}

function readings(metric: SourcedMetric): readonly { labels: Record<string, string>; value: number }[] {
  const read = metric.read();
  return typeof read === 'number' ? [{ labels: {}, value: read }] : read;
}
