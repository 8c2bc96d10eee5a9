import { AuthenticationError, BEARER_CHALLENGE, ConflictError } from '../common/errors';

/**
 * RFC 6749 §5.2's invalid_grant, as a 401: the refresh token is the credential here, not a
 * bearer token, so the challenge carries no error attribute. One answer for unknown, malformed,
 * expired and revoked tokens, so an answer never tells which tokens exist.
 */
export class InvalidGrantError extends AuthenticationError {
  constructor() {
    super('invalid_grant', 'The refresh token is invalid, expired or revoked.', BEARER_CHALLENGE);
  }
}

export class TokenReuseDetectedError extends AuthenticationError {
  constructor() {
    super(
      'token_reuse_detected',
      'This refresh token was already used: its session is now revoked everywhere. Log in again.',
      BEARER_CHALLENGE,
    );
  }
}

export class RefreshInProgressError extends ConflictError {
  constructor() {
    super('refresh_in_progress', 'Another refresh of this token is in progress; retry in a moment.');
  }
}
