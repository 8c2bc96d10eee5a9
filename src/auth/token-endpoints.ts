import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import type { TokenClaims } from '../common/token-claims';
import { ConfigService } from '../config/config.service';
import { Transactions } from '../database/transactions';
import { SigningService } from '../keys/signing.service';
import { SessionsService } from '../sessions/sessions.service';
import { isWellFormedRefreshToken } from '../sessions/refresh-secret';
import { TokensService } from '../tokens/tokens.service';
import { UsersService } from '../users/users.service';
import type { IntrospectionDto } from './dto/token-endpoints.dto';
import { TokenValidationService } from './token-validation.service';

const INACTIVE: IntrospectionDto = { active: false };

/**
 * RFC 7009 revocation and RFC 7662 introspection. A refresh token (`jam_rt_…`) and a JWT (three
 * dot-separated parts) cannot be mistaken for each other, so the token itself says where to look
 * and `token_type_hint` is accepted but never needed.
 */
@Injectable()
export class TokenEndpoints {
  constructor(
    private readonly signing: SigningService,
    private readonly validation: TokenValidationService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
  ) {}

  /**
   * Holding the token is the authority to revoke it. A refresh token ends its family, access
   * tokens included (RFC 7009 §2.1); a session access token ends its family too (access tokens
   * are not revoked one by one); an API token leaves the registry. Anything unusable (unknown,
   * forged, expired, irrevocable, already revoked) changes nothing and is answered the same.
   */
  async revoke(token: string): Promise<void> {
    if (isWellFormedRefreshToken(token)) {
      await this.sessions.revokeByRefreshToken(token);
      return;
    }
    const claims = this.verified(token);
    if (!claims) return;
    if (claims.token_use === 'access') {
      if (claims.fam !== undefined) await this.sessions.revokeFamily(claims.fam, 'revoked', claims.sub);
      return;
    }
    try {
      await this.transactions.run((manager) => this.tokens.revokeOne(manager, claims.sub, claims.jti, claims.sub));
    } catch (error) {
      // Not in the registry (another user's jti) or irrevocable: RFC 7009 answers 200 regardless.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  /** `{active: false}` for anything a request could not act with; otherwise what the token is. */
  async introspect(token: string, ip: string): Promise<IntrospectionDto> {
    if (isWellFormedRefreshToken(token)) return this.introspectRefreshToken(token);
    const claims = this.verified(token);
    if (!claims) return INACTIVE;
    try {
      const principal = await this.validation.validate(claims, ip, 'header');
      // The server's fields last: an additional claim cannot pose as `active` or `username`.
      return { ...claims, active: true, token_type: 'access_token', username: principal.username };
    } catch (error) {
      if (error instanceof DomainError) return INACTIVE;
      throw error;
    }
  }

  private async introspectRefreshToken(raw: string): Promise<IntrospectionDto> {
    const active = await this.sessions.activeRefreshToken(raw);
    if (!active) return INACTIVE;
    const user = await this.users.find(active.userId);
    if (!user || user.status !== 'active') return INACTIVE;
    return {
      active: true,
      token_type: 'refresh_token',
      sub: user.id,
      username: user.username,
      jti: active.id,
      iat: Math.floor(active.issuedAt.getTime() / 1000),
      exp: Math.floor(active.expiresAt.getTime() / 1000),
      iss: this.config.get('service.jwt.issuer'),
      aud: this.config.get('service.jwt.audience'),
      refreshable: false,
      revocable: true,
      fam: active.familyId,
      client_id: this.config.get('service.jwt.client_id'),
    };
  }

  /** The claims of a token this server signed and that has not expired, or undefined. */
  private verified(token: string): TokenClaims | undefined {
    try {
      return this.signing.verify(token);
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }
}
