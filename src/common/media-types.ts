import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from './errors';

/** The request media types a route can declare; anything else is refused with 415. */
export type MediaType = 'application/json' | 'text/plain' | 'application/x-www-form-urlencoded';

export class UnsupportedMediaTypeError extends DomainError {
  constructor(accepted: readonly MediaType[]) {
    super('unsupported_media_type', `Send ${accepted.join(' or ')}.`);
  }
}

/**
 * JSON only, unless a route says otherwise. Structured-syntax suffixes (`application/*+json`)
 * are not JSON here: no route gives them their own semantics (merge-patch is not what PATCH does).
 */
export const DEFAULT_MEDIA_TYPES: readonly MediaType[] = ['application/json'];

/**
 * The request bodies a route takes besides nothing at all. A form body or text/plain is what a
 * cross-site HTML form or a "simple" fetch can send without a CORS preflight, so a route only
 * takes them when it says so. Kept in the Fastify route's config, so that both the guard and the
 * answer to a Content-Type Fastify itself refuses can name what the route takes.
 */
export const Consumes = (...types: [MediaType, ...MediaType[]]): MethodDecorator =>
  applyDecorators(RouteConfig({ consumes: types }), ApiConsumes(...types));

/** What the route a request reached takes: its `@Consumes`, or JSON. */
export function acceptedMediaTypes(request: FastifyRequest): readonly MediaType[] {
  const config = request.routeOptions.config as { consumes?: readonly MediaType[] } | undefined;
  return config?.consumes ?? DEFAULT_MEDIA_TYPES;
}

/** `application/json` for `Application/JSON; charset=utf-8`; undefined without a header. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

/**
 * Whether a request carries a body, going by its framing (RFC 9112 §6.3): a Content-Length above
 * zero or any Transfer-Encoding. A label on a bodyless GET or DELETE says nothing about a body.
 */
export function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  return Number(headers['content-length'] ?? 0) !== 0;
}

/**
 * Whether a body labelled `contentType` may reach a route taking `accepted`. A body without a
 * label is refused: nothing says how to read it, and a cross-site fetch can send one without a
 * CORS preflight.
 */
export function acceptsMediaType(contentType: string | undefined, accepted: readonly MediaType[]): boolean {
  const type = mediaTypeOf(contentType);
  return type !== undefined && (accepted as readonly string[]).includes(type);
}

/**
 * Fastify's parser for every media type no other parser reads, and for a body without a
 * Content-Type: it reads the body (the body limit applies) and hands nothing on. Without it,
 * Fastify would refuse such a body itself, before any guard runs; this way MediaTypeGuard judges
 * every body, and its 415 names what the route takes.
 */
export function discardUnreadableBody(
  _request: FastifyRequest,
  _body: Buffer,
  done: (error: Error | null, body?: unknown) => void,
): void {
  done(null, undefined);
}
