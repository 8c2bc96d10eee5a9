import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Exchange } from './client/openapi-responses';

/**
 * Keeps every answer the server gives over HTTP, as a validating proxy in front of it would see
 * it, so the fixture can check the whole suite's traffic against the OpenAPI document. It listens
 * ahead of Fastify's own handler, so even an answer sent in the same tick is seen.
 */
export function recordResponses(server: Server, exchanges: Exchange[]): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    // Fastify hands its headers to writeHead, which does not put them where getHeaders() looks.
    const written = new Headers();
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = (...args: unknown[]) => {
      const headers = args.find((arg) => typeof arg === 'object' && arg !== null);
      if (headers && !Array.isArray(headers)) {
        for (const [name, value] of Object.entries(headers as Record<string, string | number | string[]>)) {
          if (value !== undefined) written.set(name, Array.isArray(value) ? value.join(', ') : String(value));
        }
      }
      return writeHead(...args);
    };
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk);
      const headers = new Headers(written);
      for (const [name, value] of Object.entries(response.getHeaders())) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      }
      exchanges.push({
        method: request.method ?? 'GET',
        url: `http://test.invalid${request.url ?? '/'}`,
        status: response.statusCode,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
  });
}
