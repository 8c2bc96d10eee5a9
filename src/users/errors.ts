import type { ErrorCodeWithStatus } from '../common/error-codes';
import { ConflictError, DomainError, ValidationFailedError } from '../common/errors';

const DUPLICATE_CODES: Record<'username' | 'email', ErrorCodeWithStatus<409>> = {
  username: 'duplicate_username',
  email: 'duplicate_email',
};

export class DuplicateUserError extends ConflictError {
  constructor(field: 'username' | 'email') {
    super(DUPLICATE_CODES[field], `A user with this ${field} already exists.`);
  }
}

export class WeakPasswordError extends ValidationFailedError {
  constructor(problems: string[], field = 'password') {
    super(
      problems.map((message) => ({ field, message: `password ${message}` })),
      'The password is too weak.',
    );
  }
}

export class UnknownRolesError extends ValidationFailedError {
  constructor(slugs: string[]) {
    super(
      slugs.map((slug) => ({ field: 'roles', message: `role '${slug}' does not exist` })),
      'Unknown roles.',
    );
  }
}

export class LastAdministratorError extends ConflictError {
  constructor() {
    super('last_administrator', 'This would leave no active administrator.');
  }
}

export class InvalidCurrentPasswordError extends DomainError {
  constructor(message: string) {
    super('invalid_current_password', message, [{ field: 'current_password', message }]);
  }
}
