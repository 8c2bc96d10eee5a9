import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ValidationFailedError } from './errors';
import { fieldWithMalformedText } from './well-formed';

/**
 * A Fastify preValidation hook: refuses a body or query holding a string that is not well-formed
 * UTF-16 before any validator or service sees it, so no library can throw on it (a 500).
 */
export function refuseMalformedText(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  for (const [part, value] of [
    ['body', request.body],
    ['query', request.query],
  ] as const) {
    const field = fieldWithMalformedText(value);
    if (field === undefined) continue;
    const name = field || part;
    return done(
      new ValidationFailedError(
        [{ field: name, message: `${name} holds a lone UTF-16 surrogate (not well-formed text)` }],
        'The request holds text that is not well-formed.',
      ),
    );
  }
  done();
}
