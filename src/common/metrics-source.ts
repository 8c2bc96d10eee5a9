import { SetMetadata } from '@nestjs/common';

/** One sample of a labelled metric. */
export interface MetricReading {
  labels: Record<string, string>;
  value: number;
}

/** A metric a module below `metrics/` publishes through `GET /metrics` (docs/metrics.md, "Adding a metric"). */
export interface SourcedMetric {
  /** Prometheus naming: `jam_` prefix, snake_case, the unit, `_total` for a counter. */
  name: string;
  help: string;
  /** `counter`: a count that only grows (cache hits); `gauge`: a value now (entries held, seconds of lag). */
  type: 'counter' | 'gauge';
  /** Every label `read` may return; keep their values a small fixed set (never an id). */
  labelNames?: readonly string[];
  /** The value now, read at every scrape and never in between: keep it a field read, no I/O. */
  read(): number | readonly MetricReading[];
}

/** What a provider implements to publish metrics; `metrics()` is asked once, when the application starts. */
export interface MetricsSource {
  metrics(): readonly SourcedMetric[];
}

export const METRICS_SOURCE = 'metrics_source';

/**
 * Marks a provider as a MetricsSource: the metrics module finds every marked provider of the
 * application (Nest's DiscoveryService) and publishes what it names, so a lower module publishes
 * its metrics without importing `metrics/`.
 */
export function PublishesMetrics() {
  return <T extends abstract new (...args: never[]) => MetricsSource>(target: T): void => {
    SetMetadata(METRICS_SOURCE, true)(target);
  };
}
