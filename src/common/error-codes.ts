/**
 * Every `code` a problem document can carry, with the one status it is answered with. Error
 * classes and the problem builder take an `ErrorCode`, so a code missing here does not compile;
 * the OpenAPI problem schema's `code` enum and docs/errors.md (`npm run docs:errors`) are
 * generated from this list. A code is added with the feature that answers it, not before.
 */
export const ERROR_CODES = {
  validation_failed: {
    status: 400,
    title: 'Validation failed',
    meaning: 'The body, query or parameters are malformed or invalid; `errors` lists every bad field.',
  },
  invalid_current_password: {
    status: 400,
    title: 'Invalid current password',
    meaning: 'A password change for oneself gave a wrong or no `current_password`.',
  },
  invalid_url: { status: 400, meaning: 'The URL is not validly percent-encoded.' },
  unknown_method: { status: 400, meaning: 'The request method is not one the HTTP parser knows.' },
  malformed_request: { status: 400, meaning: 'The request is not valid HTTP/1.1.' },
  bad_request: { status: 400, meaning: 'The framework refused the request for a reason no more specific code names.' },
  invalid_credentials: {
    status: 401,
    meaning: 'Login failed: the username or the password is wrong (one answer for both).',
  },
  invalid_token: {
    status: 401,
    meaning:
      'The bearer token is missing, malformed, badly signed, of the wrong type, issuer or audience, or not in the registry.',
  },
  invalid_grant: {
    status: 401,
    meaning: 'The refresh token is unknown, malformed, expired or revoked, or its account can no longer act.',
  },
  token_reuse_detected: {
    status: 401,
    meaning:
      'A spent refresh token was presented again outside the retry window: its whole session family is now revoked.',
  },
  token_expired: { status: 401, meaning: 'The bearer token has expired.' },
  token_not_yet_valid: { status: 401, meaning: 'The bearer token is not valid yet (`nbf` or `iat` in the future).' },
  token_revoked: {
    status: 401,
    meaning: "The bearer token was revoked, or the account's credentials changed after it was issued.",
  },
  account_not_found: { status: 401, meaning: 'The account of the bearer token no longer exists.' },
  token_account_blocked: { status: 401, meaning: 'The account of the bearer token is blocked.' },
  access_denied: { status: 403, meaning: 'The caller may not perform this action on this resource.' },
  account_blocked: { status: 403, meaning: 'Login refused: the account is blocked.' },
  csrf_rejected: {
    status: 403,
    meaning:
      "A token from the cookie was sent with an unsafe method from an origin that is not the server's own or allowed.",
  },
  not_found: { status: 404, meaning: 'No such route, or no such object (user, role, token, config option).' },
  request_timeout: { status: 408, meaning: 'The request did not arrive in time.' },
  duplicate_username: { status: 409, meaning: 'Another user already has this username.' },
  duplicate_email: { status: 409, meaning: 'Another user already has this email address.' },
  duplicate_role: { status: 409, meaning: 'A role with this slug already exists.' },
  role_protected: { status: 409, meaning: 'The administrator role cannot be deleted.' },
  role_in_use: { status: 409, meaning: 'The role is still held by users; remove it from them first.' },
  duplicate_policy: { status: 409, meaning: 'A policy with this name already exists.' },
  policy_in_use: {
    status: 409,
    meaning: 'The policy is still attached (to users, roles or by default); detach it first.',
  },
  last_administrator: { status: 409, meaning: 'The change would leave no active administrator.' },
  account_not_active: { status: 409, meaning: 'The account is blocked, so it cannot be given new tokens.' },
  registry_full: {
    status: 409,
    meaning:
      'The user holds `service.jwt.registry_size` live tokens and the registry rejects more (or only irrevocable ones fill it).',
  },
  not_refreshable: { status: 409, meaning: 'The token was not issued refreshable (or is irrevocable).' },
  not_revocable: {
    status: 409,
    meaning: 'The token was issued irrevocable; it stays valid until it expires or the account changes.',
  },
  token_inactive: { status: 409, meaning: 'The token is expired or revoked, so it cannot be refreshed.' },
  refresh_in_progress: {
    status: 409,
    meaning: 'Another refresh of the same token holds it; retry, or use the pair that refresh returns.',
  },
  precondition_failed: {
    status: 412,
    meaning: 'A conditional request (`If-Match`, `If-Unmodified-Since`) does not hold for the static file asked for.',
  },
  payload_too_large: { status: 413, meaning: 'The request body exceeds the size limit.' },
  uri_too_long: { status: 414, meaning: 'A path segment of the URL exceeds the length limit.' },
  unsupported_media_type: { status: 415, meaning: 'The body is in a media type the route does not take.' },
  range_not_satisfiable: { status: 416, meaning: 'The `Range` asked for lies outside the static file asked for.' },
  rate_limited: {
    status: 429,
    meaning:
      'Too many requests in this minute for the client IP (login), the token, or the refresh token; `Retry-After` says when the window ends.',
  },
  account_locked: {
    status: 429,
    meaning:
      'Too many failed logins for this username or email (`service.secure_login`); `Retry-After` says when login is allowed again. Answered alike whether the account exists or not.',
  },
  header_fields_too_large: { status: 431, meaning: 'The request headers exceed the size limit.' },
  internal_error: { status: 500, meaning: 'An unexpected server error; the log has the details, the answer none.' },
  service_unavailable: { status: 503, meaning: 'A dependency the server needs (the database) does not answer.' },
} as const satisfies Record<string, { status: number; title?: string; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with status S: what a class fixed to one status (401, 409) may take. */
export type ErrorCodeWithStatus<S extends number> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends S ? C : never;
}[ErrorCode];

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

type CataloguedStatus = (typeof ERROR_CODES)[ErrorCode]['status'];

/** The title of a status, for codes that have no title of their own (a new status needs one). */
const STATUS_TITLES: Record<CataloguedStatus, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function statusOf(code: ErrorCode): CataloguedStatus {
  return ERROR_CODES[code].status;
}

export function titleOf(code: ErrorCode): string {
  const entry: { status: CataloguedStatus; title?: string } = ERROR_CODES[code];
  return entry.title ?? STATUS_TITLES[entry.status];
}

/**
 * Where the codes are documented. Fixed, not per deployment: RFC 9457 §3.1.1 makes `type` the
 * problem type's identifier, so every server must send the same URI for the same code.
 */
export const ERROR_DOCS_URL = 'https://jwt-access-manager.dev/docs/errors.md';

/** A problem's `type`: the code's entry in docs/errors.md (each entry is a heading named by its code). */
export function problemType(code: ErrorCode): string {
  return `${ERROR_DOCS_URL}#${code}`;
}
