/**
 * Domain errors thrown by services. The problem filter turns each into an RFC 9457 document;
 * services never throw HTTP exceptions. An error names its code; the status and title come from
 * the code's entry in the catalogue (error-codes.ts), so the two cannot disagree.
 */
import type { ErrorCode, ErrorCodeWithStatus } from './error-codes';
import { statusOf, titleOf } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = statusOf(code);
    this.title = titleOf(code);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields.') {
    super('validation_failed', detail, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} '${id}' does not exist.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: ErrorCodeWithStatus<409>, detail: string) {
    super(code, detail);
  }
}

/** RFC 6750 §3.1: a request that carried no credential is told only that a bearer token is wanted. */
export const BEARER_CHALLENGE = 'Bearer realm="api"';

/** 401: only ever about authentication; an unusable token is told why (RFC 6750 challenge attached). */
export class AuthenticationError extends DomainError {
  constructor(
    code: ErrorCodeWithStatus<401>,
    detail: string,
    challenge = `${BEARER_CHALLENGE}, error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`,
  ) {
    super(code, detail, undefined, { 'WWW-Authenticate': challenge });
  }
}

/** No bearer token at all where one is required: no error attribute, since no token was tried. */
export class CredentialRequiredError extends AuthenticationError {
  constructor() {
    super('invalid_token', 'A bearer token is required.', BEARER_CHALLENGE);
  }
}

export class AccessDeniedError extends DomainError {
  constructor(action: string, resource: string) {
    super('access_denied', `Access denied: '${action}' on '${resource}' is not allowed.`);
  }
}
