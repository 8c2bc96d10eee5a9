import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ValidationFailedError } from './errors';
import { fieldDeeperThan, MAX_BODY_DEPTH } from './json-depth';

/**
 * A Fastify preValidation hook: runs right after the body is parsed and before anything that walks
 * it recursively (guards reading it, class-transformer, class-validator), so a body nested
 * thousands of levels deep is a 400 rather than a stack overflow.
 */
export function refuseDeepBodies(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const field = fieldDeeperThan(request.body, MAX_BODY_DEPTH);
  if (field === undefined) return done();
  const name = field || 'body';
  done(
    new ValidationFailedError(
      [{ field: name, message: `${name} nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep` }],
      `The body nests more than ${MAX_BODY_DEPTH} levels deep.`,
    ),
  );
}
