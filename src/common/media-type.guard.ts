import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from './errors';
import { acceptsMediaType, CONSUMES_KEY, hasBody, DEFAULT_MEDIA_TYPES, MediaType } from './media-types';

export class UnsupportedMediaTypeError extends DomainError {
  constructor(accepted: readonly MediaType[]) {
    super('unsupported_media_type', `Send ${accepted.join(' or ')}.`);
  }
}

/**
 * Refuses a request body in a media type its route does not declare (`@Consumes`, JSON by
 * default). Runs first, before authentication: what a request is matters before who sent it, and
 * a cross-site form post is then refused the same way with or without a cookie.
 */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const accepted =
      this.reflector.getAllAndOverride<MediaType[] | undefined>(CONSUMES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_MEDIA_TYPES;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    // Only a body has a media type; the label on a bodyless GET or DELETE is not judged.
    if (!hasBody(request.headers) || acceptsMediaType(request.headers['content-type'], accepted)) return true;
    throw new UnsupportedMediaTypeError(accepted);
  }
}
