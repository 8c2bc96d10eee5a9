import { AuthenticationError } from '../common/errors';
import type { TokenClaims } from '../common/token-claims';
import { assertCurrentCredentials } from './credentials';
import { User } from './user.entity';

const CREATED = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
const CHANGED = CREATED + 60_000 + 300; // 12:01:00.300

const user = (credentialEpoch: number, changedAt = CHANGED): User =>
  Object.assign(new User(), {
    id: 'u1',
    credentialEpoch,
    createdAt: new Date(CREATED),
    credentialsChangedAt: new Date(changedAt),
  });

const claims = (iatMs: number, cep?: number): TokenClaims => ({
  jti: 'j',
  sub: 'u1',
  iat: Math.floor(iatMs / 1000),
  exp: Math.floor(iatMs / 1000) + 900,
  iss: 'jam',
  aud: 'api',
  token_use: 'access',
  refreshable: false,
  revocable: true,
  ...(cep === undefined ? {} : { cep }),
});

const outcome = (token: TokenClaims, account: User): string => {
  try {
    assertCurrentCredentials(token, account);
    return 'accepted';
  } catch (error) {
    return error instanceof AuthenticationError ? (error.code ?? 'refused') : 'thrown';
  }
};

describe('assertCurrentCredentials', () => {
  it.each([
    ['the same epoch, whatever iat says', claims(CREATED, 3), user(3), 'accepted'],
    ['an older epoch, signed in the same millisecond as the change', claims(CHANGED, 2), user(3), 'token_revoked'],
    ['an older epoch, signed long after the change', claims(CHANGED + 86_400_000, 2), user(3), 'token_revoked'],
    ['a newer epoch than the account has', claims(CHANGED, 4), user(3), 'token_revoked'],
  ])('a token with %s: %s', (_case, token, account, expected) => {
    expect(outcome(token, account)).toBe(expected);
  });

  describe('tokens signed before credential epochs existed (no cep)', () => {
    it.each([
      ['a later second than the last change', claims(CHANGED + 700), user(0), 'accepted'],
      ['the second of the last change (cannot be ordered)', claims(CHANGED + 600), user(0), 'token_revoked'],
      ['the second of the last change, before it', claims(CHANGED - 300), user(0), 'token_revoked'],
      ['an earlier second than the last change', claims(CHANGED - 5000), user(0), 'token_revoked'],
      ['the second of creation, never changed since', claims(CREATED), user(0, CREATED), 'accepted'],
      [
        'any second, once the account changed after the upgrade',
        claims(CHANGED + 86_400_000),
        user(1),
        'token_revoked',
      ],
    ])('signed in %s: %s', (_case, token, account, expected) => {
      expect(outcome(token, account)).toBe(expected);
    });
  });
});
