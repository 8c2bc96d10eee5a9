/**
 * Domain errors thrown by services. The problem filter turns each into an RFC 9457 document;
 * services never throw HTTP exceptions.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields.') {
    super(400, 'validation_failed', 'Validation failed', detail, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(404, 'not_found', 'Not found', `${what} '${id}' does not exist.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, detail: string) {
    super(409, code, 'Conflict', detail);
  }
}

/** RFC 6750 §3.1: a request that carried no credential is told only that a bearer token is wanted. */
export const BEARER_CHALLENGE = 'Bearer realm="api"';

/** 401: only ever about authentication; an unusable token is told why (RFC 6750 challenge attached). */
export class AuthenticationError extends DomainError {
  constructor(
    code: string,
    detail: string,
    challenge = `${BEARER_CHALLENGE}, error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`,
  ) {
    super(401, code, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': challenge });
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
    super(403, 'access_denied', 'Forbidden', `Access denied: '${action}' on '${resource}' is not allowed.`);
  }
}
