import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal';
import type { TokenClaims } from '../common/token-claims';
import { ConfigService } from '../config/config.service';
import { ServerEnvironment } from '../common/environment';
import { publicOrigin } from '../config/public-origin';
import { PolicyEvaluator } from '../policies/policy-evaluator';
import { IssuedTokenDto, TokenEntryDto, TokenField } from './dto/token.dto';
import { RegistryToken } from './token.entity';
import { IssuedToken, TokensService } from './tokens.service';

/** Turns registry entries into API answers; raw tokens and login URLs only for callers allowed ViewToken. */
@Injectable()
export class TokenViews {
  constructor(
    private readonly tokens: TokensService,
    private readonly policies: PolicyEvaluator,
    private readonly config: ConfigService,
    private readonly env: ServerEnvironment,
  ) {}

  entries(principal: Principal, userId: string, entries: RegistryToken[], fields: TokenField[]): TokenEntryDto[] {
    if (fields.length) this.policies.require(principal, 'ViewToken', `User:${userId}`);
    return entries.map((entry) => {
      const view = this.entry(entry);
      if (fields.length === 0) return view;
      const token = this.tokens.tokenOf(entry);
      if (fields.includes('token')) view.token = token;
      if (fields.includes('signed_url')) view.signed_url = this.signedUrl(token);
      return view;
    });
  }

  issued(issued: IssuedToken): IssuedTokenDto {
    return { ...this.entry(issued.entry), token: issued.token, signed_url: this.signedUrl(issued.token) };
  }

  private entry(entry: RegistryToken): TokenEntryDto {
    const status = this.tokens.statusOf(entry);
    return {
      id: entry.jti,
      description: entry.description,
      token_use: entry.tokenUse,
      issued_at: entry.issuedAt.toISOString(),
      expires_at: entry.expiresAt.toISOString(),
      refreshable: entry.refreshable,
      revocable: entry.revocable,
      status,
      is_valid: status === 'active',
      revoked_at: entry.revokedAt?.toISOString() ?? null,
      revoke_reason: entry.revokeReason,
      claims: entry.claims as TokenClaims,
    };
  }

  /**
   * AAM's passwordless login link: works until its token expires or is revoked. The origin comes
   * from configuration only: a link carrying a live token must never point where a forged Host
   * header says.
   */
  private signedUrl(token: string): string {
    const base = publicOrigin(this.config.get('service.public_url'), this.env.port);
    return `${base}/api/v1/auth/jwt-login?jwt=${encodeURIComponent(token)}`;
  }
}
