import { Injectable } from '@nestjs/common';
import { SigningService } from '../keys/signing.service';
import { InvalidGrantError } from '../sessions/errors';
import type { IssuedTokenDto } from '../tokens/dto/token.dto';
import { TokenViews } from '../tokens/token-views';
import { TokensService } from '../tokens/tokens.service';
import { TokenValidationService } from './token-validation.service';

/**
 * `POST /auth/refresh {token}`: AAM's refresh of a refreshable API token by its holder. The token
 * is its own authority, so it must pass everything a bearer token passes (signature, expiry,
 * registry, account); then it is refreshed as `POST /users/{id}/tokens/{jti}/refresh` would.
 */
@Injectable()
export class RegistryRefresh {
  constructor(
    private readonly signing: SigningService,
    private readonly validation: TokenValidationService,
    private readonly tokens: TokensService,
    private readonly views: TokenViews,
  ) {}

  async refresh(token: string, ip: string): Promise<IssuedTokenDto> {
    const claims = this.signing.verify(token);
    // A session access token is refreshed with its refresh token, never with itself.
    if (claims.token_use !== 'api') throw new InvalidGrantError();
    const principal = await this.validation.validate(claims, ip, 'header');
    return this.views.issued(await this.tokens.refresh(principal, principal.userId, claims.jti));
  }
}
