import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import type { MetricsSource, SourcedMetric } from '../common/metrics-source';
import { PublishesMetrics } from '../common/metrics-source';
import { SourcedMetrics } from './sourced-metrics';

@Injectable()
@PublishesMetrics()
class CacheStats implements MetricsSource {
  hits = 0;
  entries = 3;

  metrics(): SourcedMetric[] {
    return [
      {
        name: 'jam_test_cache_hits_total',
        help: 'Hits.',
        type: 'counter',
        labelNames: ['cache'],
        read: () => [{ labels: { cache: 'accounts' }, value: this.hits }],
      },
      { name: 'jam_test_cache_entries', help: 'Entries held.', type: 'gauge', read: () => this.entries },
    ];
  }
}

/** A provider with the same shape that does not ask to be published. */
@Injectable()
class Unmarked implements MetricsSource {
  metrics(): SourcedMetric[] {
    return [{ name: 'jam_test_unmarked', help: 'Never published.', type: 'gauge', read: () => 1 }];
  }
}

describe('SourcedMetrics', () => {
  it('publishes what a marked provider names, read at each scrape, and nothing of an unmarked one', async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [{ provide: Registry, useValue: new Registry() }, SourcedMetrics, CacheStats, Unmarked],
    }).compile();
    await module.init();
    const registry = module.get(Registry);
    const stats = module.get(CacheStats);

    stats.hits = 5;
    const first = await registry.metrics();
    expect(first).toContain(
      '# TYPE jam_test_cache_hits_total counter\njam_test_cache_hits_total{cache="accounts"} 5\n',
    );
    expect(first).toContain('# TYPE jam_test_cache_entries gauge\njam_test_cache_entries 3\n');
    expect(first).not.toContain('jam_test_unmarked');

    stats.hits = 8;
    stats.entries = 1;
    const second = await registry.metrics();
    expect(second).toContain('jam_test_cache_hits_total{cache="accounts"} 8\n');
    expect(second).toContain('jam_test_cache_entries 1\n');
    await module.close();
  });
});
