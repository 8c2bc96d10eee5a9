import { Injectable } from '@nestjs/common';
import { AuthenticationError } from '../common/errors';
import { TokensService } from '../tokens/tokens.service';
import { assertAccountMayAct } from '../users/credentials';
import { UsersService } from '../users/users.service';
import type { TokenClaims } from '../common/token-claims';
import type { Principal, TokenContainer } from '../common/principal';

/**
 * The one place that decides whether a signature-valid token may act: not revoked, and its
 * account exists, is active, and its credential epoch is the one the token was signed under.
 * Callers only see `validate`, so a cache can later sit behind it unchanged.
 */
@Injectable()
export class TokenValidationService {
  constructor(
    private readonly tokens: TokensService,
    private readonly users: UsersService,
  ) {}

  async validate(claims: TokenClaims, ip: string, tokenContainer: TokenContainer): Promise<Principal> {
    // Irrevocable registry tokens skip the revocation lookup by design (AAM's stateless tokens).
    if (claims.token_use === 'api' && claims.revocable !== false) {
      const entry = await this.tokens.findByJti(claims.jti);
      if (!entry || entry.userId !== claims.sub)
        throw new AuthenticationError('invalid_token', 'The token is not in the registry.');
      if (entry.revokedAt)
        throw new AuthenticationError('token_revoked', `The token was revoked (${entry.revokeReason}).`);
    }
    const user = await this.users.find(claims.sub);
    assertAccountMayAct(claims, user);
    return {
      userId: user.id,
      username: user.username,
      email: user.email,
      roles: user.roles.map((r) => r.slug),
      claims,
      ip,
      tokenContainer,
    };
  }
}
