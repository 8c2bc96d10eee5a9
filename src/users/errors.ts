import { ConflictError, DomainError, ValidationFailedError } from '../common/errors';

export class DuplicateUserError extends ConflictError {
  constructor(field: 'username' | 'email') {
    super(`duplicate_${field}`, `A user with this ${field} already exists.`);
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
    super(400, 'invalid_current_password', 'Invalid current password', message, [
      { field: 'current_password', message },
    ]);
  }
}
