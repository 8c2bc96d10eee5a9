import { Test } from '@nestjs/testing';
import type { Principal } from '../common/principal';
import { AccessDeniedError } from '../common/errors';
import { ConfigService } from '../config/config.service';
import { ServerEnvironment } from '../common/environment';
import type { Action } from '../common/actions';
import { PolicyEvaluator } from '../policies/policy-evaluator';
import type { TokenField } from './dto/token.dto';
import { RegistryToken } from './token.entity';
import { TokenViews } from './token-views';
import { TokensService } from './tokens.service';

const RAW_TOKEN = 'header.payload.signature-of-the-raw-token';

/** Allows everything but the actions it is told to refuse: the rule under test is TokenViews', not the authorizer's. */
function refusingPolicies(refused: Action[]): PolicyEvaluator {
  return {
    require: (_principal: Principal, action: Action, resource: string) => {
      if (refused.includes(action)) throw new AccessDeniedError(action, resource);
    },
  } as unknown as PolicyEvaluator;
}

const principal = {
  userId: 'caller',
  username: 'caller',
  email: 'c@example.com',
  roles: [],
  ip: '::1',
} as unknown as Principal;

function entry(): RegistryToken {
  return Object.assign(new RegistryToken(), {
    jti: 'jti-1',
    userId: 'owner',
    tokenUse: 'api',
    description: null,
    claims: { jti: 'jti-1', sub: 'owner' },
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2026-01-02T00:00:00Z'),
    refreshable: false,
    revocable: true,
    revokedAt: null,
    revokeReason: null,
  });
}

async function viewsWith(policies: PolicyEvaluator): Promise<TokenViews> {
  const module = await Test.createTestingModule({
    providers: [
      TokenViews,
      { provide: PolicyEvaluator, useValue: policies },
      { provide: TokensService, useValue: { tokenOf: () => RAW_TOKEN, statusOf: () => 'active' } },
      { provide: ConfigService, useValue: { get: () => 'https://auth.example.com' } },
      { provide: ServerEnvironment, useValue: { port: 3000 } },
    ],
  }).compile();
  return module.get(TokenViews);
}

describe('TokenViews', () => {
  it.each<[TokenField[]]>([[['token']], [['signed_url']], [['token', 'signed_url']]])(
    'refuses ?fields=%j to a caller denied ViewToken with 403, and no raw token leaves',
    async (fields) => {
      const views = await viewsWith(refusingPolicies(['ViewToken']));
      let answer: unknown;
      let refusal: unknown;
      try {
        answer = views.entries(principal, 'owner', [entry()], fields);
      } catch (error) {
        refusal = error;
      }
      expect(answer).toBeUndefined();
      expect(refusal).toBeInstanceOf(AccessDeniedError);
      expect(refusal).toMatchObject({ status: 403, code: 'access_denied' });
      expect((refusal as Error).message).toContain("'ViewToken' on 'User:owner'");
      expect(JSON.stringify(refusal)).not.toContain(RAW_TOKEN);
    },
  );

  it('shows entries without raw tokens to a caller denied ViewToken when no fields are asked for', async () => {
    const views = await viewsWith(refusingPolicies(['ViewToken']));
    const [view] = views.entries(principal, 'owner', [entry()], []);
    expect(view).toMatchObject({ id: 'jti-1', status: 'active', is_valid: true });
    expect(view).not.toHaveProperty('token');
    expect(view).not.toHaveProperty('signed_url');
    expect(JSON.stringify(view)).not.toContain(RAW_TOKEN);
  });

  it('adds the raw token and the signed URL for a caller allowed ViewToken', async () => {
    const views = await viewsWith(refusingPolicies([]));
    const [view] = views.entries(principal, 'owner', [entry()], ['token', 'signed_url']);
    expect(view.token).toBe(RAW_TOKEN);
    expect(view.signed_url).toBe(`https://auth.example.com/api/v1/auth/jwt-login?jwt=${encodeURIComponent(RAW_TOKEN)}`);
  });
});
