import { DomainError } from '../common/errors';

export class RateLimitedError extends DomainError {
  constructor(what: string, retryAfter: number) {
    super('rate_limited', `Too many requests ${what} in this minute; retry in ${retryAfter} s.`, undefined, {
      'retry-after': String(retryAfter),
    });
  }
}

/** The same for an account that exists and one that does not: the answer must not tell them apart. */
export class AccountLockedError extends DomainError {
  constructor(retryAfter: number) {
    super(
      'account_locked',
      `Too many failed logins for this account; password login is refused for ${retryAfter} s more.`,
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }
}
