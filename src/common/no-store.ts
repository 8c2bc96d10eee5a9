import { Header } from '@nestjs/common';

const HEADERS = [Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache')];

/**
 * Answers that carry a token, a signed URL or a fresh session must not be kept by any cache
 * (RFC 6749 §5.1; Pragma for HTTP/1.0 caches). Put on a controller, it covers every route of it,
 * so a route added there later is covered without anyone remembering to.
 */
export function NoStore(): ClassDecorator {
  return (target) => {
    const prototype = target.prototype as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function')
        for (const header of HEADERS) header(prototype, name, method);
    }
  };
}
