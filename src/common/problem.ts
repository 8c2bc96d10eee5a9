import { HttpException } from '@nestjs/common';
import type { ErrorCode } from './error-codes';
import { problemType, statusOf, titleOf } from './error-codes';
import type { FieldError } from './errors';
import { DomainError } from './errors';
import type { MediaType } from './media-types';
import { DEFAULT_MEDIA_TYPES, UnsupportedMediaTypeError } from './media-types';

export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: ErrorCode;
    errors?: FieldError[];
  };
}

/**
 * The code for a status when a framework error says no more than its status. A status missing
 * here is answered as 400 bad_request or 500 internal_error: a code has exactly one status.
 */
const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'invalid_token',
  403: 'access_denied',
  404: 'not_found',
  408: 'request_timeout',
  // The static files of Swagger UI (/docs) answer conditional and range requests.
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  431: 'header_fields_too_large',
  503: 'service_unavailable',
};

/** The code for a status (see CODE_OF_STATUS), exported for the test that each has that status. */
export function codeOfStatus(status: number): ErrorCode {
  return CODE_OF_STATUS[status] ?? (status < 500 ? 'bad_request' : 'internal_error');
}

/** The problem document of a code; its status and title are the catalogue's. */
export function problemOf(
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  headers: Record<string, string> = {},
): Problem {
  const status = statusOf(code);
  const body: Problem['body'] = { type: problemType(code), title: titleOf(code), status, detail, code };
  if (errors) body.errors = errors;
  return { status, headers, body };
}

/** Errors raised by Fastify itself (body parsing, limits, content types) before Nest sees the request. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function unparsableBody(message: string): Problem {
  return problemOf('validation_failed', message, [{ field: 'body', message }]);
}

function fromFramework(error: FrameworkError, accepted: readonly MediaType[]): Problem | undefined {
  const status = error.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      if (status === 400) return unparsableBody('The body is not valid JSON.');
      break;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      if (status === 400) return unparsableBody('The JSON body is empty.');
      break;
    case undefined:
      // A parser that gives no code: only what JSON.parse throws says the body is not JSON. Any
      // other code-less 400 gets the generic answer below, which claims nothing about the body.
      if (status === 400 && error instanceof SyntaxError) return unparsableBody('The body is not valid JSON.');
      break;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf('payload_too_large', 'The request body exceeds the size limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return toProblem(new UnsupportedMediaTypeError(accepted));
    case 'FST_ERR_BAD_URL':
      return problemOf('invalid_url', 'The URL is not validly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problemOf('uri_too_long', 'A path segment of the URL exceeds the length limit.');
  }
  const code = codeOfStatus(status);
  return problemOf(code, titleOf(code) + '.');
}

/** Seconds a client is told to wait when the database does not answer. */
const RETRY_AFTER_UNAVAILABLE_S = 5;

/**
 * What mysql2 (directly, or wrapped by TypeORM as `driverError`) fails with when the database
 * server is down, restarting, or unreachable: the request could not be served now, which is a 503
 * the client may retry, not a bug (500). Query errors (syntax, constraints) are not among them.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

function isUnreachableDatabase(error: unknown): boolean {
  const codeOf = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
  const driverError =
    typeof error === 'object' && error !== null ? (error as { driverError?: unknown }).driverError : undefined;
  return [codeOf(error), codeOf(driverError)].some((code) => typeof code === 'string' && UNREACHABLE_CODES.has(code));
}

/**
 * Maps any thrown value to the problem document the client sees. Unknown errors become an opaque
 * 500. `accepted` is what the request's route takes, for a 415 that Fastify raised itself.
 */
export function toProblem(error: unknown, accepted: readonly MediaType[] = DEFAULT_MEDIA_TYPES): Problem {
  if (error instanceof DomainError) {
    return problemOf(error.code, error.message, error.errors, error.headers);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest hands Fastify's own errors (malformed or empty JSON, too large, wrong content type) over as HttpExceptions.
    if (status === 400)
      return problemOf('validation_failed', 'The body could not be parsed.', [
        { field: 'body', message: error.message },
      ]);
    if (status === 413) return problemOf('payload_too_large', 'The request body exceeds the size limit.');
    if (status === 415) return toProblem(new UnsupportedMediaTypeError(accepted));
    const code = codeOfStatus(status);
    const detail = status === 404 ? 'No such route.' : status < 500 ? error.message : 'An unexpected error occurred.';
    return problemOf(code, detail);
  }
  const framework = typeof error === 'object' && error !== null ? fromFramework(error, accepted) : undefined;
  if (framework) return framework;
  if (isUnreachableDatabase(error))
    return problemOf('service_unavailable', 'The database does not answer; try again shortly.', undefined, {
      'retry-after': String(RETRY_AFTER_UNAVAILABLE_S),
    });
  return problemOf('internal_error', 'An unexpected error occurred.');
}
