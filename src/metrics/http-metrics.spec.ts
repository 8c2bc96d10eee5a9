import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

/** HttpMetrics on a stand-in Fastify that keeps the onResponse hook, so responses can be fed to it. */
function metricsWithHook(): { registry: Registry; respond: (url: string | undefined, status: number) => void } {
  const registry = new Registry();
  let hook: Hook | undefined;
  const fastify = { addHook: (name: string, handler: Hook) => name === 'onResponse' && (hook = handler) };
  const host = { httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost;
  new HttpMetrics(registry, host).onModuleInit();
  const respond = (url: string | undefined, status: number) =>
    hook!(
      { method: 'POST', routeOptions: { url } } as unknown as FastifyRequest,
      { statusCode: status, elapsedTime: 3 } as unknown as FastifyReply,
      () => undefined,
    );
  return { registry, respond };
}

describe('HttpMetrics', () => {
  it('counts 429 answers by route on a counter of their own, and no other status', async () => {
    const { registry, respond } = metricsWithHook();
    respond('/api/v1/auth/login', 429);
    respond('/api/v1/auth/login', 429);
    respond('/api/v1/auth/login', 401);
    respond('/api/v1/users/:id', 200);
    const text = await registry.metrics();
    expect(text).toContain('jam_http_rate_limited_total{method="POST",route="/api/v1/auth/login"} 2\n');
    expect(text).not.toMatch(/jam_http_rate_limited_total\{[^}]*users/);
    expect(text).toContain(
      'jam_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login",status_code="429"} 2\n',
    );
  });

  it('writes route parameters as OpenAPI does, and a request no route matched as unmatched', async () => {
    const { registry, respond } = metricsWithHook();
    respond('/api/v1/users/:id/tokens/:jti', 200);
    respond(undefined, 404);
    const text = await registry.metrics();
    expect(text).toContain('route="/api/v1/users/{id}/tokens/{jti}",status_code="200"} 1\n');
    expect(text).toContain('route="unmatched",status_code="404"} 1\n');
    // 3 ms lands in the 5 ms bucket and not in the 2.5 ms one.
    expect(text).toContain('le="0.0025",method="POST",route="unmatched",status_code="404"} 0\n');
    expect(text).toContain('le="0.005",method="POST",route="unmatched",status_code="404"} 1\n');
  });
});
