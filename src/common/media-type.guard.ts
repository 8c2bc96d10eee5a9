import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { acceptedMediaTypes, acceptsMediaType, hasBody, UnsupportedMediaTypeError } from './media-types';

/**
 * Refuses a request body in a media type its route does not declare (`@Consumes`, JSON by
 * default), or with no media type at all. Runs first, before authentication: what a request is
 * matters before who sent it, and a cross-site form post is then refused the same way with or
 * without a cookie.
 */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const accepted = acceptedMediaTypes(request);
    // Only a body has a media type; the label on a bodyless GET or DELETE is not judged.
    if (!hasBody(request.headers) || acceptsMediaType(request.headers['content-type'], accepted)) return true;
    throw new UnsupportedMediaTypeError(accepted);
  }
}
