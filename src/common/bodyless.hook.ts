import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { hasBody, mediaTypeOf } from './media-types';

/**
 * A Fastify onRequest hook: a Content-Type on a request without a body labels nothing, so it is
 * dropped before Fastify picks a body parser. Otherwise a client that labels every request gets a
 * parse error for an empty `application/json` body on a route that takes none, or a 415 for a
 * type no parser knows. An empty `text/plain` body stays: it is a value (the empty INI text).
 */
export function ignoreLabelWithoutBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (!hasBody(request.headers) && mediaTypeOf(request.headers['content-type']) !== 'text/plain') {
    delete request.headers['content-type'];
  }
  done();
}
