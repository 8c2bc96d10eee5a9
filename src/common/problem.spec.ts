import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  AccessDeniedError,
  AuthenticationError,
  ConflictError,
  DomainError,
  NotFoundError,
  ValidationFailedError,
} from './errors';
import { problemType } from './error-codes';
import { toProblem } from './problem';

const OPAQUE_500 = {
  status: 500,
  headers: {},
  body: {
    type: problemType('internal_error'),
    title: 'Internal error',
    status: 500,
    detail: 'An unexpected error occurred.',
    code: 'internal_error',
  },
};

describe('toProblem', () => {
  describe('domain errors', () => {
    it("maps a domain error to its code with the catalogue's status and title, and its own detail", () => {
      expect(toProblem(new DomainError('not_refreshable', 'This token cannot be refreshed.'))).toEqual({
        status: 409,
        headers: {},
        body: {
          type: problemType('not_refreshable'),
          title: 'Conflict',
          status: 409,
          detail: 'This token cannot be refreshed.',
          code: 'not_refreshable',
        },
      });
    });

    it('carries the field errors of a validation failure', () => {
      const problem = toProblem(new ValidationFailedError([{ field: 'email', message: 'email must be an email' }]));
      expect(problem.status).toBe(400);
      expect(problem.body).toMatchObject({
        code: 'validation_failed',
        detail: 'The request has invalid fields.',
        errors: [{ field: 'email', message: 'email must be an email' }],
      });
    });

    it('carries the WWW-Authenticate challenge of an authentication error, with quotes made safe', () => {
      const problem = toProblem(new AuthenticationError('token_expired', 'The "token" has expired.'));
      expect(problem.status).toBe(401);
      expect(problem.headers).toEqual({
        'WWW-Authenticate': `Bearer realm="api", error="invalid_token", error_description="The 'token' has expired."`,
      });
      expect(problem.body).toMatchObject({
        code: 'token_expired',
        title: 'Unauthorized',
        detail: 'The "token" has expired.',
      });
    });

    it.each<[string, DomainError, number, string]>([
      ['not found', new NotFoundError('User', 'u1'), 404, "User 'u1' does not exist."],
      [
        'conflict',
        new ConflictError('registry_full', 'The token registry is full.'),
        409,
        'The token registry is full.',
      ],
      [
        'access denied',
        new AccessDeniedError('IssueToken', 'User:u1'),
        403,
        "Access denied: 'IssueToken' on 'User:u1' is not allowed.",
      ],
    ])('maps %s', (_case, error, status, detail) => {
      const problem = toProblem(error);
      expect(problem.status).toBe(status);
      expect(problem.body.detail).toBe(detail);
      expect(problem.body).not.toHaveProperty('errors');
    });
  });

  describe('Nest HTTP exceptions', () => {
    it.each<[string, HttpException, Record<string, unknown>]>([
      [
        '400 as an unparsable body, with the message as a field error',
        new BadRequestException('Unexpected token } in JSON'),
        {
          status: 400,
          code: 'validation_failed',
          title: 'Validation failed',
          detail: 'The body could not be parsed.',
          errors: [{ field: 'body', message: 'Unexpected token } in JSON' }],
        },
      ],
      [
        '404 as no such route',
        new NotFoundException('Cannot GET /nope'),
        { status: 404, code: 'not_found', title: 'Not found', detail: 'No such route.' },
      ],
      [
        '413 as payload too large',
        new PayloadTooLargeException(),
        { status: 413, code: 'payload_too_large', detail: 'The request body exceeds the size limit.' },
      ],
      [
        '415 as unsupported media type',
        new UnsupportedMediaTypeException(),
        { status: 415, code: 'unsupported_media_type', detail: 'Send application/json.' },
      ],
      [
        '403 with its message',
        new ForbiddenException('Nope'),
        { status: 403, code: 'access_denied', title: 'Forbidden', detail: 'Nope' },
      ],
      [
        'a 4xx without a code of its own (405) as a 400 bad request, since a code has one status',
        new MethodNotAllowedException(),
        { status: 400, code: 'bad_request', title: 'Bad request', detail: 'Method Not Allowed' },
      ],
      [
        'an unlisted 4xx as a 400 bad request',
        new HttpException('I am a teapot', 418),
        { status: 400, code: 'bad_request', title: 'Bad request', detail: 'I am a teapot' },
      ],
      [
        '503 without its message',
        new ServiceUnavailableException('db down at 10.0.0.5'),
        { status: 503, code: 'service_unavailable', detail: 'An unexpected error occurred.' },
      ],
      [
        '500 without its message',
        new InternalServerErrorException('secret stack'),
        { status: 500, code: 'internal_error', detail: 'An unexpected error occurred.' },
      ],
      [
        'an unlisted 5xx as an opaque 500',
        new HttpException('upstream 10.0.0.5 failed', 502),
        { status: 500, code: 'internal_error', title: 'Internal error', detail: 'An unexpected error occurred.' },
      ],
    ])('maps %s', (_case, error, body) => {
      const problem = toProblem(error);
      expect(problem.status).toBe(body.status);
      expect(problem.body).toMatchObject(body);
      expect(problem.body.type).toBe(problemType(problem.body.code));
    });
  });

  describe('errors raised by Fastify', () => {
    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      [
        'invalid JSON',
        { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'x' },
        {
          status: 400,
          code: 'validation_failed',
          detail: 'The body is not valid JSON.',
          errors: [{ field: 'body', message: 'The body is not valid JSON.' }],
        },
      ],
      [
        'an empty JSON body',
        { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' },
        { status: 400, code: 'validation_failed', detail: 'The JSON body is empty.' },
      ],
      [
        'a body too large',
        { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' },
        { status: 413, code: 'payload_too_large' },
      ],
      [
        'a wrong media type',
        { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' },
        { status: 415, code: 'unsupported_media_type' },
      ],
      [
        'a URL with broken percent-encoding, without echoing it',
        { statusCode: 400, code: 'FST_ERR_BAD_URL', message: "'/users/%ZZ' is not a valid url component" },
        { status: 400, code: 'invalid_url', title: 'Bad request', detail: 'The URL is not validly percent-encoded.' },
      ],
      [
        'an over-long path parameter',
        {
          statusCode: 414,
          code: 'FST_ERR_MAX_PARAM_LENGTH',
          message: "'/users/aaa' is exceeding the max param length",
        },
        { status: 414, code: 'uri_too_long', title: 'URI too long' },
      ],
      [
        'another 4xx, without its message',
        { statusCode: 404, code: 'FST_ERR_NOT_FOUND', message: 'internal detail' },
        { status: 404, code: 'not_found', detail: 'Not found.' },
      ],
      [
        'a 400 without a code as a generic bad request, not as a JSON error',
        { statusCode: 400, message: 'querystring must be an object' },
        { status: 400, code: 'bad_request', title: 'Bad request', detail: 'Bad request.' },
      ],
    ])('maps %s', (_case, error, body) => {
      expect(toProblem(Object.assign(new Error('raw'), error)).body).toMatchObject(body);
    });

    it('maps a 400 without a code that JSON.parse threw as invalid JSON', () => {
      const error = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { statusCode: 400 });
      expect(toProblem(error).body).toMatchObject({
        status: 400,
        code: 'validation_failed',
        detail: 'The body is not valid JSON.',
        errors: [{ field: 'body', message: 'The body is not valid JSON.' }],
      });
    });
  });

  describe('a 415 that Fastify raised itself', () => {
    const fastify415 = () =>
      Object.assign(new Error('raw'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });

    it.each<[string, unknown]>([
      ['handed over by Nest', new UnsupportedMediaTypeException()],
      ['straight from Fastify', fastify415()],
    ])('names the media types the route takes (%s)', (_case, error) => {
      expect(toProblem(error, ['text/plain', 'application/json']).body).toMatchObject({
        status: 415,
        code: 'unsupported_media_type',
        detail: 'Send text/plain or application/json.',
      });
    });

    it('names JSON when the route is not known', () => {
      expect(toProblem(fastify415()).body.detail).toBe('Send application/json.');
    });
  });

  describe('anything else', () => {
    it.each<[string, unknown]>([
      ['an Error', new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: users.email')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
      [
        'an error with a 5xx statusCode',
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.5'), { statusCode: 502 }),
      ],
      ['a thrown string', 'password=hunter2'],
      ['null', null],
      ['undefined', undefined],
      ['a plain object', { message: 'secret' }],
    ])('maps %s to an opaque 500 internal_error', (_case, error) => {
      expect(toProblem(error)).toEqual(OPAQUE_500);
    });

    it('does not leak the message of an unknown error anywhere in the document', () => {
      const problem = toProblem(new Error('db password is hunter2'));
      expect(JSON.stringify(problem)).not.toContain('hunter2');
    });
  });
});
