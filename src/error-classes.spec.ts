import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountBlockedError, InvalidCredentialsError } from './auth/auth.service';
import { CsrfRejectedError } from './auth/csrf';
import { ERROR_CODES, problemType } from './common/error-codes';
import type { DomainError } from './common/errors';
import {
  AccessDeniedError,
  AuthenticationError,
  ConflictError,
  CredentialRequiredError,
  NotFoundError,
  ValidationFailedError,
} from './common/errors';
import { UnsupportedMediaTypeError } from './common/media-types';
import { toProblem } from './common/problem';
import { ConfigOptionNotFoundError } from './config/config.service';
import { UndeclaredAccessError } from './policies/policy.guard';
import { AccountLockedError, RateLimitedError } from './ratelimit/errors';
import { InvalidGrantError, RefreshInProgressError, TokenReuseDetectedError } from './sessions/errors';
import {
  AccountNotActiveError,
  InvalidTokenRequestError,
  RegistryFullError,
  TokenInactiveError,
  TokenNotRefreshableError,
  TokenNotRevocableError,
} from './tokens/errors';
import {
  DuplicateUserError,
  InvalidCurrentPasswordError,
  LastAdministratorError,
  UnknownRolesError,
  WeakPasswordError,
} from './users/errors';

/** One instance of every error class the server throws (a class may answer several codes). */
const INSTANCES: Record<string, DomainError[]> = {
  ValidationFailedError: [new ValidationFailedError([{ field: 'f', message: 'm' }])],
  NotFoundError: [new NotFoundError('User', 'u1')],
  ConflictError: [new ConflictError('role_in_use', 'x')],
  AuthenticationError: [new AuthenticationError('token_expired', 'x')],
  CredentialRequiredError: [new CredentialRequiredError()],
  AccessDeniedError: [new AccessDeniedError('Read', 'User:u1')],
  UnsupportedMediaTypeError: [new UnsupportedMediaTypeError(['application/json'])],
  InvalidCredentialsError: [new InvalidCredentialsError()],
  AccountBlockedError: [new AccountBlockedError()],
  CsrfRejectedError: [new CsrfRejectedError()],
  UndeclaredAccessError: [new UndeclaredAccessError()],
  ConfigOptionNotFoundError: [new ConfigOptionNotFoundError('service.x')],
  TokenNotRefreshableError: [new TokenNotRefreshableError()],
  TokenNotRevocableError: [new TokenNotRevocableError()],
  TokenInactiveError: [new TokenInactiveError('expired')],
  RegistryFullError: [new RegistryFullError(10)],
  InvalidTokenRequestError: [new InvalidTokenRequestError([{ field: 'f', message: 'm' }])],
  AccountNotActiveError: [new AccountNotActiveError()],
  DuplicateUserError: [new DuplicateUserError('username'), new DuplicateUserError('email')],
  WeakPasswordError: [new WeakPasswordError(['is too short'])],
  UnknownRolesError: [new UnknownRolesError(['nope'])],
  LastAdministratorError: [new LastAdministratorError()],
  InvalidCurrentPasswordError: [new InvalidCurrentPasswordError('wrong')],
  InvalidGrantError: [new InvalidGrantError()],
  TokenReuseDetectedError: [new TokenReuseDetectedError()],
  RefreshInProgressError: [new RefreshInProgressError()],
  RateLimitedError: [new RateLimitedError('from this client IP', 37)],
  AccountLockedError: [new AccountLockedError(600)],
};

/** Every class in src/ that derives from DomainError, found by reading the source. */
function errorClassesInSource(): string[] {
  const parents = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
        for (const [, name, parent] of readFileSync(path, 'utf8').matchAll(/class (\w+) extends (\w+)/g))
          parents.set(name, parent);
    }
  };
  walk(__dirname);
  const derives = (name: string): boolean =>
    parents.get(name) === 'DomainError' || (parents.has(name) && derives(parents.get(name)!));
  return [...parents.keys()].filter(derives).sort();
}

describe('error classes', () => {
  it('are all checked here', () => {
    expect(Object.keys(INSTANCES).sort()).toEqual(errorClassesInSource());
  });

  it.each(
    Object.entries(INSTANCES).flatMap(([name, errors]) => errors.map((error) => [name, error.code, error] as const)),
  )("%s (%s) is answered with its code's catalogue status and type URI", (_name, code, error) => {
    const problem = toProblem(error);
    expect(problem.status).toBe(ERROR_CODES[code].status);
    expect(problem.body).toMatchObject({ code, status: ERROR_CODES[code].status, type: problemType(code) });
  });
});
