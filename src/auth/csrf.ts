import { DomainError } from '../common/errors';

export class CsrfRejectedError extends DomainError {
  constructor() {
    super(
      'csrf_rejected',
      "A token from the cookie may only change things from the server's own origin or an allowed one; send it in the Authorization header otherwise.",
    );
  }
}

/** RFC 9110 §9.2.1: the methods that change nothing, which a cross-site page may trigger harmlessly. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export interface OriginHeaders {
  origin?: string | string[];
  referer?: string | string[];
}

/** The normalised origin of an http(s) URL (lower-case host, default port dropped), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the request says it comes from: its Origin, or without one its Referer's origin. An Origin
 * that is present but opaque ("null", from a sandboxed frame or a redirect) does not fall back to
 * the Referer: the browser withheld the origin on purpose.
 */
export function requestOrigin(headers: OriginHeaders): string | undefined {
  const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
  const origin = single(headers.origin);
  if (headers.origin !== undefined) return origin === undefined ? undefined : originOf(origin);
  const referer = single(headers.referer);
  return referer === undefined ? undefined : originOf(referer);
}

/**
 * Whether a request authenticated by the token cookie may proceed. Browsers attach the cookie to
 * cross-site requests too, so an unsafe method needs proof of a trusted page: an Origin (or
 * Referer) from the allowed list. A request that shows neither is refused too: nothing proves it
 * came from a trusted page (a page can strip its Referer with Referrer-Policy: no-referrer, and
 * some clients omit Origin); such a client can send the token in the Authorization header.
 */
export function cookieRequestAllowed(
  method: string,
  headers: OriginHeaders,
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = requestOrigin(headers);
  if (origin === undefined) return false;
  return allowedOrigins.some((allowed) => originOf(allowed) === origin);
}
