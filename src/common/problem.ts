import { HttpException } from '@nestjs/common';
import type { FieldError } from './errors';
import { DomainError } from './errors';
import type { MediaType } from './media-types';
import { DEFAULT_MEDIA_TYPES, UnsupportedMediaTypeError } from './media-types';
import { PROBLEM_TYPE_BASE } from './problem.dto';

export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    errors?: FieldError[];
  };
}

const TITLES: Record<number, [string, string]> = {
  400: ['Bad request', 'bad_request'],
  401: ['Unauthorized', 'invalid_token'],
  403: ['Forbidden', 'access_denied'],
  404: ['Not found', 'not_found'],
  405: ['Method not allowed', 'method_not_allowed'],
  406: ['Not acceptable', 'not_acceptable'],
  408: ['Request timeout', 'request_timeout'],
  409: ['Conflict', 'conflict'],
  413: ['Payload too large', 'payload_too_large'],
  414: ['URI too long', 'uri_too_long'],
  415: ['Unsupported media type', 'unsupported_media_type'],
  429: ['Too many requests', 'rate_limited'],
  431: ['Request header fields too large', 'header_fields_too_large'],
  503: ['Service unavailable', 'service_unavailable'],
};

function build(
  status: number,
  code: string,
  title: string,
  detail: string,
  errors?: FieldError[],
  headers = {},
): Problem {
  const body: Problem['body'] = { type: PROBLEM_TYPE_BASE + code, title, status, detail, code };
  if (errors) body.errors = errors;
  return { status, headers, body };
}

/** A problem with the usual title for its status. */
export function problemOf(status: number, code: string, detail: string): Problem {
  const [title] = TITLES[status] ?? ['Bad request'];
  return build(status, code, title, detail);
}

/** Errors raised by Fastify itself (body parsing, limits, content types) before Nest sees the request. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function unparsableBody(message: string): Problem {
  return build(400, 'validation_failed', 'Validation failed', message, [{ field: 'body', message }]);
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
      return build(413, 'payload_too_large', 'Payload too large', 'The request body exceeds the size limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return toProblem(new UnsupportedMediaTypeError(accepted));
    case 'FST_ERR_BAD_URL':
      return problemOf(400, 'invalid_url', 'The URL is not validly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problemOf(414, 'uri_too_long', 'A path segment of the URL exceeds the length limit.');
  }
  const [title, code] = TITLES[status] ?? ['Bad request', 'bad_request'];
  return build(status, code, title, title + '.');
}

/**
 * Maps any thrown value to the problem document the client sees. Unknown errors become an opaque
 * 500. `accepted` is what the request's route takes, for a 415 that Fastify raised itself.
 */
export function toProblem(error: unknown, accepted: readonly MediaType[] = DEFAULT_MEDIA_TYPES): Problem {
  if (error instanceof DomainError) {
    return build(error.status, error.code, error.title, error.message, error.errors, error.headers);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest hands Fastify's own errors (malformed or empty JSON, too large, wrong content type) over as HttpExceptions.
    if (status === 400)
      return build(400, 'validation_failed', 'Validation failed', 'The body could not be parsed.', [
        { field: 'body', message: error.message },
      ]);
    if (status === 413)
      return build(413, 'payload_too_large', 'Payload too large', 'The request body exceeds the size limit.');
    if (status === 415) return toProblem(new UnsupportedMediaTypeError(accepted));
    const [title, code] =
      TITLES[status] ?? (status < 500 ? ['Bad request', 'bad_request'] : ['Internal error', 'internal_error']);
    const detail = status === 404 ? 'No such route.' : status < 500 ? error.message : 'An unexpected error occurred.';
    return build(status, code, title, detail);
  }
  const framework = typeof error === 'object' && error !== null ? fromFramework(error, accepted) : undefined;
  if (framework) return framework;
  return build(500, 'internal_error', 'Internal error', 'An unexpected error occurred.');
}
