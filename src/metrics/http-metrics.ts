import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';

/** The route label of a request Fastify's router matched to no route (a 404, or 405 for its method). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Seconds; the hot path aims at a p99 under 10 ms, and a login's password hashing takes tens of milliseconds. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Counts and times every response by route pattern and status, from one Fastify onResponse hook:
 * the route is the pattern Fastify matched (`/api/v1/users/{id}`), never the URL, so ids and
 * query strings cannot grow the label set. The hook is on every request's path, so it does the
 * least it can: two map lookups and one observation.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly rateLimited: Counter<'method' | 'route'>;
  /** Fastify's `/users/:id` → `/users/{id}`, as the OpenAPI document and `Route:` resources write it; one entry per route. */
  private readonly routes = new Map<string, string>();

  constructor(
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'jam_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response, by method, route pattern and status code; _count is the request count.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.rateLimited = new Counter({
      name: 'jam_http_rate_limited_total',
      help: 'Responses with status 429 (rate limited), by method and route pattern.',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    // The operator CLI runs the application without an HTTP server: there is nothing to observe.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    // Before app.init() finishes Fastify has not booted, so the hook still applies to every route.
    adapter?.getInstance<FastifyInstance>().addHook('onResponse', this.observe);
  }

  private readonly observe = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const route = this.routeLabel(request.routeOptions.url);
    const status = reply.statusCode;
    this.duration.observe({ method: request.method, route, status_code: status }, reply.elapsedTime / 1000);
    if (status === 429) this.rateLimited.inc({ method: request.method, route });
    done();
  };

  private routeLabel(url: string | undefined): string {
    if (url === undefined) return UNMATCHED_ROUTE;
    let label = this.routes.get(url);
    if (label === undefined) {
      label = url.replace(/:(\w+)/g, '{$1}');
      this.routes.set(url, label);
    }
    return label;
  }
}
