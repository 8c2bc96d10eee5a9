import { ConflictError, ValidationFailedError } from '../common/errors';

export class TokenNotRefreshableError extends ConflictError {
  constructor() {
    super('not_refreshable', 'This token is not refreshable.');
  }
}

export class TokenNotRevocableError extends ConflictError {
  constructor() {
    super(
      'not_revocable',
      'This token was issued irrevocable; it stays valid until it expires or the account changes.',
    );
  }
}

export class TokenInactiveError extends ConflictError {
  constructor(status: string) {
    super('token_inactive', `This token is ${status}.`);
  }
}

export class RegistryFullError extends ConflictError {
  constructor(size: number) {
    super('registry_full', `The user already holds ${size} live tokens (service.jwt.registry_size); revoke one first.`);
  }
}

export class InvalidTokenRequestError extends ValidationFailedError {}

export class AccountNotActiveError extends ConflictError {
  constructor() {
    super('account_not_active', 'The account is blocked; it cannot be given new tokens.');
  }
}
