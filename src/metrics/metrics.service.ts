import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { processRegistry } from './process-metrics';

/** The Prometheus text exposition format, version 0.0.4, which every Prometheus server reads. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What `GET /metrics` answers: the process's default metrics, then this application's own. */
@Injectable()
export class MetricsService {
  /** Started with the application, not at the first scrape, so the GC and event-loop figures cover its whole life. */
  private readonly process = processRegistry();

  constructor(private readonly registry: Registry) {}

  async render(): Promise<string> {
    const [process, application] = await Promise.all([this.process.metrics(), this.registry.metrics()]);
    return process + application;
  }
}
