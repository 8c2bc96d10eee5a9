import { Injectable } from '@nestjs/common';
import { Authenticator } from 'passport';
import { Strategy } from 'passport-jwt';
import { ConfigService } from '../config/config.service';
import { SigningService } from '../keys/signing.service';
import type { TokenClaims } from '../common/token-claims';
import type { Principal } from '../common/principal';
import { clientIpOf } from '../common/client-ip';
import type { FastifyRequest } from 'fastify';
import { Container, extractToken, TokenSource } from './token-extraction';
import { TokenValidationService } from './token-validation.service';

/** What the strategy fails with when a request carries no token (passport-jwt's words); JwtAuthGuard answers credential_required. */
export const NO_TOKEN = 'No auth token';

type AuthenticatedRequest = TokenSource & FastifyRequest;

/**
 * passport-jwt's strategy with nothing of it shared across the process, so a second app in the
 * process (a test, a worker) cannot take over this one's verification:
 * - it registers with this app's own passport `Authenticator` (`passport`), which JwtAuthGuard
 *   runs, not with passport's process-wide one, where one `'jwt'` name would serve every app;
 * - it verifies with this app's SigningService (prepared keys, algorithms pinned per key, time on
 *   the injected clock), not through passport-jwt's static `Strategy.JwtVerifier`, one function
 *   for the whole process, which its docs reserve for tests.
 */
@Injectable()
export class JwtStrategy extends Strategy {
  readonly passport = new Authenticator();

  constructor(
    private readonly config: ConfigService,
    private readonly signing: SigningService,
    private readonly validation: TokenValidationService,
  ) {
    // passport-jwt's constructor insists on all three; authenticate below does what it would do with them.
    super({ jwtFromRequest: () => null, secretOrKey: 'unused: SigningService verifies' }, () => undefined);
    this.passport.use(this);
  }

  /** passport-jwt's flow (extract, verify, validate), on this app's key ring and clock. */
  override authenticate(req: object): void {
    const request = req as AuthenticatedRequest;
    const found = extractToken(request, {
      order: this.config.get('service.jwt.bearer') as Container[],
      queryParam: this.config.get('service.jwt.query_param_name'),
      cookieName: this.config.get('service.jwt.cookie_name'),
    });
    if (!found) return this.fail(new Error(NO_TOKEN), 401);
    let claims: TokenClaims;
    try {
      claims = this.signing.verify(found.token);
    } catch (error) {
      return this.fail(error, 401);
    }
    this.validation.validate(claims, clientIpOf(request), found.container).then(
      (principal: Principal) => this.success(principal),
      (error: Error) => this.error(error),
    );
  }
}
