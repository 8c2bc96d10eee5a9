import type { Principal } from '../common/principal';
import { AccessDeniedError } from '../common/errors';
import type { TokenClaims } from '../common/token-claims';
import type { Action } from '../common/actions';
import { PolicyService } from './policy.service';

const principal = (tokenUse: TokenClaims['token_use'], roles: string[] = []): Principal => ({
  userId: 'u1',
  username: 'jane',
  email: 'jane@example.com',
  roles,
  ip: '127.0.0.1',
  tokenContainer: 'header',
  claims: {
    jti: 'j',
    sub: 'u1',
    iat: 1,
    exp: 2,
    iss: 'jam',
    aud: 'api',
    token_use: tokenUse,
    refreshable: false,
    revocable: true,
    cep: 0,
  },
});

describe('PolicyService (interim authorizer)', () => {
  const policies = new PolicyService();

  it.each<[Action, boolean, boolean]>([
    ['Read', true, true],
    ['ChangePassword', true, true],
    ['ListTokens', true, true],
    ['IssueToken', true, false],
    ['ViewToken', true, false],
    ['RevokeToken', true, false],
    ['Edit', false, false],
    ['Delete', false, false],
    ['List', false, false],
  ])('on its own account, %s: session token %p, API token %p', (action, withSession, withApiToken) => {
    expect(policies.isAllowed(principal('access'), action, 'User:u1')).toBe(withSession);
    expect(policies.isAllowed(principal('api'), action, 'User:u1')).toBe(withApiToken);
  });

  it.each<Action>(['Read', 'ListTokens', 'IssueToken', 'ViewToken', 'RevokeToken'])(
    "never allows %s on another user's account",
    (action) => {
      expect(policies.isAllowed(principal('access'), action, 'User:u2')).toBe(false);
    },
  );

  it.each<Action>(['IssueToken', 'ViewToken', 'RevokeToken', 'Delete', 'Edit'])(
    'lets an administrator do %s with an API token too',
    (action) => {
      expect(policies.isAllowed(principal('api', ['administrator']), action, 'User:u2')).toBe(true);
      expect(policies.isAllowed(principal('api', ['administrator']), action, 'User:u1')).toBe(true);
    },
  );

  it('names the action and resource it denies', () => {
    expect(() => policies.require(principal('api'), 'IssueToken', 'User:u1')).toThrow(
      new AccessDeniedError('IssueToken', 'User:u1'),
    );
  });
});
