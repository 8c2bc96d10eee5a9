import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthenticationError, BEARER_CHALLENGE, DomainError } from '../common/errors';
import { ConfigService } from '../config/config.service';
import { SigningService } from '../keys/signing.service';
import { buildClaims } from '../tokens/claims';
import { PasswordHasher } from '../users/password.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { Principal } from '../common/principal';
import type { AccessTokenType } from './dto/auth.dto';

/**
 * A 401 with its own code. Its challenge has no error attribute: no bearer token was presented,
 * so none can be called invalid (RFC 6750 §3.1).
 */
export class InvalidCredentialsError extends AuthenticationError {
  constructor() {
    super('invalid_credentials', 'The username or password is not correct.', BEARER_CHALLENGE);
  }
}

export class AccountBlockedError extends DomainError {
  constructor() {
    super('account_blocked', 'This account is blocked.');
  }
}

export interface Session {
  token_type: AccessTokenType;
  access_token: string;
  expires_in: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly signing: SigningService,
    private readonly config: ConfigService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** One generic failure for an unknown user or a wrong password, after the same hashing work. */
  async login(identifier: string, password: string, ip: string): Promise<{ user: User; session: Session }> {
    const user = await this.users.findByLogin(identifier);
    const matches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !matches) {
      await this.audit.record({
        type: 'login_failed',
        userId: user?.id ?? null,
        ip,
        reason: 'invalid_credentials',
        detail: {},
      });
      throw new InvalidCredentialsError();
    }
    if (user.status !== 'active') {
      await this.audit.record({ type: 'login_failed', userId: user.id, ip, reason: 'account_blocked', detail: {} });
      throw new AccountBlockedError();
    }
    const session = this.startSession(user);
    await this.audit.record({ type: 'login_succeeded', userId: user.id, actorId: user.id, ip, detail: {} });
    return { user, session };
  }

  /** Changes a password; changing your own also starts a fresh session, since every earlier token of the account is now revoked. */
  async changePassword(
    principal: Principal,
    userId: string,
    newPassword: string,
    currentPassword?: string,
  ): Promise<{ user: User; session?: Session }> {
    const user = await this.users.changePassword(principal.userId, userId, newPassword, currentPassword);
    return principal.userId === userId ? { user, session: this.startSession(user) } : { user };
  }

  /** A session access token (typ at+jwt). Refresh tokens and persisted families arrive with the sessions feature. */
  startSession(user: User): Session {
    const lifetime = this.config.get('service.jwt.access_expires_in');
    const iat = this.clock.nowSeconds();
    const claims = buildClaims({
      jti: randomUUID(),
      sub: user.id,
      issuedAt: iat,
      expiresAt: iat + lifetime,
      issuer: this.config.get('service.jwt.issuer'),
      audience: this.config.get('service.jwt.audience'),
      tokenUse: 'access',
      refreshable: false,
      revocable: true,
      // Read with the rest of the account: a change committed after this read moves the epoch
      // past it, so a session signed from a stale read is refused, never the other way round.
      credentialEpoch: user.credentialEpoch,
      family: randomUUID(),
      clientId: this.config.get('service.jwt.client_id'),
    });
    return { token_type: 'Bearer', access_token: this.signing.sign(claims, 'at+jwt'), expires_in: lifetime };
  }
}
