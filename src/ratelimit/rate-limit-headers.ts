import type { FastifyReply } from 'fastify';
import type { Window } from './windows';

/** The window every rate limit counts in. */
export const WINDOW_SECONDS = 60;

/**
 * The fields of a limited answer, success or failure: the de-facto X-RateLimit-* trio, and the
 * IETF draft's two fields in the syntax of draft-ietf-httpapi-ratelimit-headers-07
 * (https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers-07, §4 and §5):
 * `RateLimit-Policy: 5;w=60` and `RateLimit: limit=5, remaining=0, reset=37`, reset in seconds
 * from now. Later drafts (-08 on) rename the parameters into structured fields (`"name";q=5;w=60`);
 * -07 is the last one clients widely parse, and the one the X-RateLimit-* names follow.
 */
export function writeRateLimitHeaders(reply: FastifyReply, limit: number, count: number, window: Window): void {
  const remaining = Math.max(0, limit - count);
  reply.header('X-RateLimit-Limit', String(limit));
  reply.header('X-RateLimit-Remaining', String(remaining));
  reply.header('X-RateLimit-Reset', String(window.end));
  reply.header('RateLimit-Policy', `${limit};w=${WINDOW_SECONDS}`);
  reply.header('RateLimit', `limit=${limit}, remaining=${remaining}, reset=${window.secondsLeft}`);
}
