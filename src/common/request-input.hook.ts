import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { FieldError } from './errors';
import { ValidationFailedError } from './errors';
import { fieldDeeperThan, MAX_BODY_DEPTH } from './json-depth';
import { prototypeKeyIn } from './prototype-keys';
import { fieldWithMalformedText } from './well-formed';

interface InputProblem {
  error: FieldError;
  detail: string;
}

/**
 * The checks every parsed body and query passes before anything walks it recursively (guards,
 * class-transformer, class-validator) or hands it to a library that throws on it (a 500). Depth
 * comes first: the other walks are iterative too, but then only ever see a bounded tree.
 */
function problemIn(part: 'body' | 'query', value: unknown): InputProblem | undefined {
  const deep = fieldDeeperThan(value, MAX_BODY_DEPTH);
  if (deep !== undefined) {
    const name = deep || part;
    return {
      error: { field: name, message: `${name} nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep` },
      detail: `The ${part} nests more than ${MAX_BODY_DEPTH} levels deep.`,
    };
  }
  const malformed = fieldWithMalformedText(value);
  if (malformed !== undefined) {
    const name = malformed || part;
    return {
      error: { field: name, message: `${name} holds a lone UTF-16 surrogate (not well-formed text)` },
      detail: 'The request holds text that is not well-formed.',
    };
  }
  const reserved = prototypeKeyIn(value);
  if (reserved !== undefined) {
    const name = reserved.field || reserved.key;
    return {
      error: { field: name, message: `${name} must not use the key ${reserved.key}` },
      detail: `The ${part} uses the reserved key ${reserved.key}.`,
    };
  }
  return undefined;
}

/** A Fastify preValidation hook, right after parsing: refuses an unsafe body or query with one 400. */
export function refuseUnsafeInput(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  for (const [part, value] of [
    ['body', request.body],
    ['query', request.query],
  ] as const) {
    const problem = problemIn(part, value);
    if (problem) return done(new ValidationFailedError([problem.error], problem.detail));
  }
  done();
}
