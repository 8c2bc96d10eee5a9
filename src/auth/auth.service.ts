import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticationError, BEARER_CHALLENGE, DomainError } from '../common/errors';
import { LoginAttempts } from '../common/login-attempts';
import { Transactions } from '../database/transactions';
import { SigningService } from '../keys/signing.service';
import { SessionsService } from '../sessions/sessions.service';
import type { SessionPair } from '../sessions/session-pair';
import { TokensService } from '../tokens/tokens.service';
import { PasswordHasher } from '../users/password.service';
import { User } from '../users/user.entity';
import { assertAccountMayAct } from '../users/credentials';
import { UsersService } from '../users/users.service';
import { TokenValidationService } from './token-validation.service';
import type { Principal } from '../common/principal';
import type { LogoutScope } from './dto/auth.dto';

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

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly signing: SigningService,
    private readonly validation: TokenValidationService,
    private readonly attempts: LoginAttempts,
  ) {}

  /**
   * One generic failure for an unknown user or a wrong password, after the same hashing work. The
   * lockout hears of every invalid_credentials (a password changed under the login too) and of success.
   */
  async login(identifier: string, password: string, ip: string): Promise<{ user: User; session: SessionPair }> {
    try {
      const answer = await this.checkPasswordAndStart(identifier, password, ip);
      await this.attempts.succeeded(identifier);
      return answer;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) await this.attempts.failed(identifier, ip);
      throw error;
    }
  }

  private async checkPasswordAndStart(
    identifier: string,
    password: string,
    ip: string,
  ): Promise<{ user: User; session: SessionPair }> {
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
    const outcome = await this.transactions.run(async (manager) => {
      // The password was checked against this read; a change committed since then wins over it.
      const locked = await this.transactions.lock(manager, User, { id: user.id });
      if (!locked || locked.credentialEpoch !== user.credentialEpoch) return 'changed' as const;
      if (locked.status !== 'active') return 'blocked' as const;
      const session = await this.sessions.start(manager, locked, ip);
      await this.audit.record(
        { type: 'login_succeeded', userId: user.id, actorId: user.id, ip, detail: { family_id: session.familyId } },
        manager,
      );
      return session.pair;
    });
    if (typeof outcome !== 'string') return { user, session: outcome };
    const reason = outcome === 'blocked' ? 'account_blocked' : 'invalid_credentials';
    await this.audit.record({ type: 'login_failed', userId: user.id, ip, reason, detail: {} });
    throw outcome === 'blocked' ? new AccountBlockedError() : new InvalidCredentialsError();
  }

  /**
   * A session for the holder of a signed login URL: its API token must pass everything a bearer
   * token passes (signature, expiry, registry, account), and the account is re-checked under its
   * row lock like a password login's.
   */
  async passwordlessLogin(token: string, ip: string): Promise<SessionPair> {
    const claims = this.signing.verify(token);
    if (claims.token_use !== 'api')
      throw new AuthenticationError('invalid_token', 'A signed login URL carries an API token.');
    const principal = await this.validation.validate(claims, ip, 'query_param');
    return this.transactions.run(async (manager) => {
      const locked = await this.transactions.lock(manager, User, { id: principal.userId });
      assertAccountMayAct(claims, locked);
      // Checked again under the entry's lock: a revocation committed since the check above wins.
      await this.tokens.assertStillLive(manager, claims);
      const session = await this.sessions.start(manager, locked, ip);
      await this.audit.record(
        {
          type: 'login_succeeded',
          userId: locked.id,
          actorId: locked.id,
          ip,
          jti: claims.jti,
          detail: { family_id: session.familyId, method: 'signed_url' },
        },
        manager,
      );
      return session.pair;
    });
  }

  /** Changes a password; changing your own also starts a fresh session, since every earlier token of the account is now revoked. */
  async changePassword(
    principal: Principal,
    userId: string,
    newPassword: string,
    currentPassword?: string,
  ): Promise<{ user: User; session?: SessionPair }> {
    const user = await this.users.changePassword(principal.userId, userId, newPassword, currentPassword);
    if (principal.userId !== userId) return { user };
    const session = await this.transactions.run(async (manager) => {
      const locked = await this.transactions.lock(manager, User, { id: userId });
      // Another change since this one (an administrator's reset, a block) wins: no fresh pair then.
      if (!locked || locked.status !== 'active' || locked.credentialEpoch !== user.credentialEpoch) return undefined;
      return (await this.sessions.start(manager, locked, principal.ip)).pair;
    });
    return session ? { user, session } : { user };
  }

  /**
   * Logout: `local` ends the caller's session (an API token caller's own token), `others` every
   * other session of the account, `global` every session and every revocable API token.
   */
  async logout(principal: Principal, scope: LogoutScope): Promise<void> {
    const { userId, claims } = principal;
    await this.transactions.run(async (manager) => {
      if (scope === 'global') {
        await this.sessions.revokeUserFamilies(manager, userId, 'logout', userId);
        await this.tokens.revokeLive(manager, userId, 'revoked', userId);
      } else if (claims.fam === undefined) {
        // An API token has no session: its "local" session is the token itself, and every session is another one.
        if (scope === 'local') await this.tokens.revokeOne(manager, userId, claims.jti, userId);
        else await this.sessions.revokeUserFamilies(manager, userId, 'logout', userId);
      } else {
        const which = scope === 'local' ? { only: claims.fam } : { except: claims.fam };
        await this.sessions.revokeUserFamilies(manager, userId, 'logout', userId, which);
      }
    });
  }
}
