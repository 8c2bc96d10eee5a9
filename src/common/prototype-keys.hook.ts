import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ValidationFailedError } from './errors';
import { prototypeKeyIn } from './prototype-keys';

/** A Fastify preValidation hook: a body or query using a prototype-ish key is refused, not trimmed. */
export function refusePrototypeKeys(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  for (const [part, value] of [
    ['body', request.body],
    ['query', request.query],
  ] as const) {
    const found = prototypeKeyIn(value);
    if (found === undefined) continue;
    const name = found.field || found.key;
    return done(
      new ValidationFailedError(
        [{ field: name, message: `${name} must not use the key ${found.key}` }],
        `The ${part} uses the reserved key ${found.key}.`,
      ),
    );
  }
  done();
}
