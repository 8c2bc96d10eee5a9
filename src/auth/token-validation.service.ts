import { Injectable } from '@nestjs/common';
import { AuthenticationError } from '../common/errors';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { assertAccountMayAct } from '../users/credentials';
import { UsersService } from '../users/users.service';
import { AuthStateCache } from './auth-state-cache';
import type { TokenClaims } from '../common/token-claims';
import type { Principal, TokenContainer } from '../common/principal';

/**
 * The one place that decides whether a signature-valid token may act: not revoked, and its
 * session (access tokens) is live, its account exists, is active, and its credential epoch is
 * the one the token was signed under.
 * Each of those facts comes from AuthStateCache, so a request in the steady state asks the
 * database nothing; what the cache cannot answer it loads and keeps.
 */
@Injectable()
export class TokenValidationService {
  constructor(
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly cache: AuthStateCache,
  ) {}

  async validate(claims: TokenClaims, ip: string, tokenContainer: TokenContainer): Promise<Principal> {
    // Irrevocable registry tokens skip the revocation lookup by design (AAM's stateless tokens).
    if (claims.token_use === 'api' && claims.revocable !== false) {
      const entry = await this.cache.registryEntry(claims.jti, () => this.tokens.findByJti(claims.jti));
      if (!entry || entry.userId !== claims.sub)
        throw new AuthenticationError('invalid_token', 'The token is not in the registry.');
      if (entry.revokedAt)
        throw new AuthenticationError('token_revoked', `The token was revoked (${entry.revokeReason}).`);
    }
    // The account first: a blocked or deleted account is told as such, not as the revoked session it also is.
    const user = await this.cache.account(claims.sub, () => this.users.find(claims.sub));
    assertAccountMayAct(claims, user);
    if (claims.token_use === 'access') {
      // Every access token belongs to a session family; revoking the family ends it at once.
      const fam = claims.fam;
      const family = fam === undefined ? null : await this.cache.family(fam, () => this.sessions.familyStatus(fam));
      if (!family || family.userId !== claims.sub)
        throw new AuthenticationError('invalid_token', 'The token does not belong to a known session.');
      if (family.revokedAt)
        throw new AuthenticationError('token_revoked', `The session was revoked (${family.revokeReason}).`);
    }
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
