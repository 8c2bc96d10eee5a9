import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { Page, pageOf } from '../common/pagination';
import {
  ACCOUNT_SECURITY_CHANGED,
  AccountSecurityChanged,
  EventBus,
  OnDomainEvent,
  SESSION_REVOKED,
} from '../common/events';
import { ConfigService } from '../config/config.service';
import { CommitThenFail, driverErrorCode, Transactions } from '../database/transactions';
import { SigningService } from '../keys/signing.service';
import { buildClaims } from '../tokens/claims';
import { User } from '../users/user.entity';
import { InvalidGrantError, RefreshInProgressError, TokenReuseDetectedError } from './errors';
import { decideRefresh } from './refresh-decision';
import { hashRefreshToken, isWellFormedRefreshToken, newRefreshToken, sealWith, unsealWith } from './refresh-secret';
import { RefreshToken } from './refresh-token.entity';
import { FamilyRevokeReason, SessionFamily } from './session-family.entity';
import type { SealedPair, SessionPair } from './session-pair';
import type { SessionEntryDto } from './dto/session.dto';
import { PolicyEvaluator } from '../policies/policy-evaluator';

const DAY_MS = 86400_000;

/** An unspent refresh token of a live family, as introspection describes it. */
export interface ActiveRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** What authentication needs to know of the family an access token names. */
export interface FamilyStatus {
  userId: string;
  revokedAt: Date | null;
  revokeReason: FamilyRevokeReason | null;
}

/**
 * Session families: login starts one, `refresh` rotates its refresh token (with a retry window
 * and reuse detection), logout and account changes revoke them. Access tokens name their family
 * in `fam`, so a revoked family ends them on the next request.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly signing: SigningService,
    private readonly config: ConfigService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policies: PolicyEvaluator,
    private readonly events: EventBus,
  ) {}

  /**
   * A new family for `user`, inside the caller's transaction. The caller holds the user's row
   * lock and has checked the account, so a block or credential change cannot slip in between.
   */
  async start(manager: EntityManager, user: User, ip: string): Promise<{ pair: SessionPair; familyId: string }> {
    const now = this.clock.now();
    const lifetime = this.config.get('service.jwt.refresh_expires_in');
    const family = Object.assign(new SessionFamily(), {
      id: randomUUID(),
      userId: user.id,
      createdAt: now,
      // Whole seconds, like every expiry a token carries; fixed here, never moved by rotation.
      expiresAt: new Date((this.clock.nowSeconds() + lifetime) * 1000),
      lastRefreshedAt: null,
      clientIp: ip,
      currentTokenId: randomUUID(),
      revokedAt: null,
      revokeReason: null,
    });
    await manager.insert(SessionFamily, family);
    const { pair } = await this.mint(manager, family, user, null, family.currentTokenId);
    return { pair, familyId: family.id };
  }

  /**
   * Rotates a refresh token. Every refresh of one family takes the same locks in the same order
   * (the account, the presented token, the family, its current token), so concurrent refreshes
   * take turns: the first rotates, the ones behind it find the token spent and its successor
   * current, which is a retry inside the reuse interval. The account comes first because account
   * changes lock it before the families, and the token is then locked by primary key: a locking
   * read by hash would also lock the gap in the hash index, where a login of the same account
   * (holding the account's lock) inserts, a deadlock. Locking reads see the latest committed
   * rows, where a plain read in MariaDB's repeatable-read snapshot could still see the token
   * unspent or miss its successor.
   */
  async refresh(raw: unknown, ip: string): Promise<SessionPair> {
    // Malformed values are refused before any lookup, with the same answer as unknown ones.
    if (!isWellFormedRefreshToken(raw)) throw new InvalidGrantError();
    // The retry window is judged by when the request came, not by when it got its turn: a burst
    // of retries queued behind the rotation must not turn into a reuse alarm.
    const arrivedAt = this.clock.now();
    const tokenHash = hashRefreshToken(raw);
    try {
      return await this.transactions.run(async (manager) => {
        const found = await manager.findOne(RefreshToken, { where: { tokenHash }, select: { id: true, userId: true } });
        if (!found) throw new InvalidGrantError();
        const user = await this.transactions.lock(manager, User, { id: found.userId });
        const token = await this.transactions.lock(manager, RefreshToken, { id: found.id });
        if (!token) throw new InvalidGrantError();
        const family = await this.transactions.lock(manager, SessionFamily, { id: token.familyId });
        if (!family) throw new InvalidGrantError();
        const current =
          token.id === family.currentTokenId
            ? token
            : await this.transactions.lock(manager, RefreshToken, { id: family.currentTokenId });
        const now = this.clock.now();
        const decision = decideRefresh(
          { spentAt: token.spentAt, succeededByCurrent: current?.parentId === token.id },
          { revoked: family.revokedAt !== null, expiresAt: family.expiresAt },
          arrivedAt,
          this.config.get('service.jwt.refresh_reuse_interval'),
          user?.status === 'active',
        );
        switch (decision) {
          case 'invalid':
            throw new InvalidGrantError();
          case 'retry':
            return this.replay(raw, family, token);
          case 'reuse':
            await this.revokeFamilies(manager, [family], 'token_reuse_detected', null, 'token_reuse_detected', ip);
            // Committed although the request fails: the copy's holder must not keep the session.
            throw new CommitThenFail(new TokenReuseDetectedError());
          case 'rotate': {
            const { pair, sealed, tokenId } = await this.mint(manager, family, user!, token.id, randomUUID());
            await manager.update(
              RefreshToken,
              { id: token.id },
              { spentAt: now, sealedSuccessor: sealWith(raw, family.id, JSON.stringify(sealed)) },
            );
            // The parent can no longer be a retry, only reuse: its copy of this pair goes, so that
            // no chain of sealed pairs leads from an old token to the current one.
            if (token.parentId !== null)
              await manager.update(RefreshToken, { id: token.parentId }, { sealedSuccessor: null });
            await manager.update(SessionFamily, { id: family.id }, { currentTokenId: tokenId, lastRefreshedAt: now });
            await this.audit.record(
              {
                type: 'token_refreshed',
                userId: family.userId,
                actorId: family.userId,
                ip,
                detail: { family_id: family.id },
              },
              manager,
            );
            return pair;
          }
        }
      });
    } catch (error) {
      // MariaDB gave up waiting for a row lock another refresh holds (innodb_lock_wait_timeout).
      if (driverErrorCode(error) === 'ER_LOCK_WAIT_TIMEOUT') throw new RefreshInProgressError();
      throw error;
    }
  }

  /** A user's families, newest first; ended ones stay listed for the audit retention, as registry entries do. */
  async list(userId: string, query: { page: number; per_page: number }): Promise<Page<SessionFamily>> {
    const manager = this.transactions.manager;
    if (!(await manager.exists(User, { where: { id: userId } }))) throw new NotFoundError('User', userId);
    const keptSince = new Date(this.clock.now().getTime() - this.config.get('service.audit.retention_days') * DAY_MS);
    const [items, total] = await manager.findAndCount(SessionFamily, {
      where: { userId, expiresAt: MoreThan(keptSince) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return pageOf(items, total, query);
  }

  entryOf(family: SessionFamily, currentFamilyId: string | undefined): SessionEntryDto {
    const status = family.revokedAt
      ? 'revoked'
      : family.expiresAt.getTime() <= this.clock.now().getTime()
        ? 'expired'
        : 'active';
    return {
      id: family.id,
      created_at: family.createdAt.toISOString(),
      last_refreshed_at: family.lastRefreshedAt?.toISOString() ?? null,
      expires_at: family.expiresAt.toISOString(),
      client_ip: family.clientIp,
      status,
      revoked_at: family.revokedAt?.toISOString() ?? null,
      revoke_reason: family.revokeReason,
      current: family.id === currentFamilyId,
    };
  }

  /** Ends one of the user's sessions (404 for another user's or an unknown one); an ended one stays as it is. */
  async revokeUserSession(userId: string, familyId: string, actorId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const family = await this.transactions.lock(manager, SessionFamily, { id: familyId, userId });
      if (!family) throw new NotFoundError('Session', familyId);
      await this.revokeFamilies(manager, [family], 'revoked', actorId);
    });
  }

  /** The family an access token names, for authentication; null when there is none. */
  familyStatus(id: string): Promise<FamilyStatus | null> {
    return this.transactions.manager.findOne(SessionFamily, {
      where: { id },
      select: { id: true, userId: true, revokedAt: true, revokeReason: true },
    });
  }

  /**
   * Revokes the user's live families, all of them or one (`only`) or all but one (`except`),
   * inside the caller's transaction. Returns how many it ended.
   */
  async revokeUserFamilies(
    manager: EntityManager,
    userId: string,
    reason: FamilyRevokeReason,
    actorId: string | null,
    which: { only?: string; except?: string } = {},
  ): Promise<number> {
    const idFilter = which.only !== undefined ? which.only : which.except !== undefined ? Not(which.except) : undefined;
    const live = await manager.find(SessionFamily, {
      where: {
        userId,
        revokedAt: IsNull(),
        expiresAt: MoreThan(this.clock.now()),
        ...(idFilter === undefined ? {} : { id: idFilter }),
      },
    });
    return this.revokeFamilies(manager, live, reason, actorId);
  }

  /**
   * RFC 7009 for a refresh token: its family ends, access tokens included. Returns whether the
   * token was one of ours; unknown tokens change nothing.
   */
  async revokeByRefreshToken(raw: string): Promise<boolean> {
    if (!isWellFormedRefreshToken(raw)) return false;
    const token = await this.transactions.manager.findOne(RefreshToken, {
      where: { tokenHash: hashRefreshToken(raw) },
    });
    if (!token) return false;
    await this.revokeFamily(token.familyId, 'revoked', token.userId);
    return true;
  }

  /** Ends one family (RFC 7009 for an access token of it); an ended or unknown one stays as it is. */
  async revokeFamily(familyId: string, reason: FamilyRevokeReason, actorId: string | null): Promise<void> {
    await this.transactions.run(async (manager) => {
      const family = await this.transactions.lock(manager, SessionFamily, { id: familyId });
      if (family) await this.revokeFamilies(manager, [family], reason, actorId);
    });
  }

  /** RFC 7662 for a refresh token: what an active one is, or null (spent, revoked, expired, unknown). */
  async activeRefreshToken(raw: string): Promise<ActiveRefreshToken | null> {
    if (!isWellFormedRefreshToken(raw)) return null;
    const manager = this.transactions.manager;
    const token = await manager.findOne(RefreshToken, { where: { tokenHash: hashRefreshToken(raw) } });
    if (!token || token.spentAt) return null;
    const family = await manager.findOne(SessionFamily, { where: { id: token.familyId } });
    if (!family || family.revokedAt || family.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return {
      id: token.id,
      userId: token.userId,
      familyId: family.id,
      issuedAt: token.issuedAt,
      expiresAt: family.expiresAt,
    };
  }

  /** Password, email, role, block and delete changes end every session of the account, in their transaction. */
  @OnDomainEvent(ACCOUNT_SECURITY_CHANGED)
  async onAccountSecurityChanged(event: AccountSecurityChanged): Promise<void> {
    await this.revokeUserFamilies(event.manager, event.userId, event.reason, event.actorId);
  }

  /** Marks live families revoked and records each; a family revoked concurrently keeps its own reason. */
  private async revokeFamilies(
    manager: EntityManager,
    families: SessionFamily[],
    reason: FamilyRevokeReason,
    actorId: string | null,
    eventType: 'token_revoked' | 'token_reuse_detected' = 'token_revoked',
    ip: string | null = null,
  ): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    for (const family of families) {
      const { affected } = await manager.update(
        SessionFamily,
        { id: family.id, revokedAt: IsNull() },
        { revokedAt: now, revokeReason: reason },
      );
      if (!affected) continue;
      ended += 1;
      await this.events.emit(SESSION_REVOKED, { familyId: family.id, userId: family.userId, manager });
      await this.audit.record(
        { type: eventType, userId: family.userId, actorId, ip, reason, detail: { family_id: family.id } },
        manager,
      );
    }
    return ended;
  }

  /** The pair a spent token was replaced with, read back with the spent token itself; nothing is minted. */
  private replay(raw: string, family: SessionFamily, token: RefreshToken): SessionPair {
    const plain = token.sealedSuccessor === null ? undefined : unsealWith(raw, family.id, token.sealedSuccessor);
    if (plain === undefined) throw new InvalidGrantError();
    const sealed = JSON.parse(plain) as SealedPair;
    return this.pairOf(sealed, family);
  }

  /**
   * Mints the next pair of `family`: a refresh token stored as its hash under `tokenId`, and an
   * access token naming the family that never outlives it.
   */
  private async mint(
    manager: EntityManager,
    family: SessionFamily,
    user: User,
    parentId: string | null,
    tokenId: string,
  ): Promise<{ pair: SessionPair; sealed: SealedPair; tokenId: string }> {
    const refreshToken = newRefreshToken();
    await manager.insert(RefreshToken, {
      id: tokenId,
      familyId: family.id,
      userId: user.id,
      parentId,
      tokenHash: hashRefreshToken(refreshToken),
      issuedAt: this.clock.now(),
      spentAt: null,
      sealedSuccessor: null,
    });
    const iat = this.clock.nowSeconds();
    // A role's Param may shorten or lengthen it; a locked row comes without its roles.
    const roles =
      user.roles?.map((role) => role.slug) ??
      (
        await manager
          .createQueryBuilder()
          .select('ur.role_slug', 'slug')
          .from('user_roles', 'ur')
          .where('ur.user_id = :id', { id: user.id })
          .getRawMany<{ slug: string }>()
      ).map((row) => row.slug);
    const lifetime = this.policies.optionForAccount(
      { id: user.id, username: user.username, email: user.email, roles },
      'service.jwt.access_expires_in',
      family.clientIp ?? '',
    );
    const exp = Math.min(iat + lifetime, family.expiresAt.getTime() / 1000);
    const claims = buildClaims({
      jti: randomUUID(),
      sub: user.id,
      issuedAt: iat,
      expiresAt: exp,
      issuer: this.config.get('service.jwt.issuer'),
      audience: this.config.get('service.jwt.audience'),
      tokenUse: 'access',
      refreshable: false,
      revocable: true,
      // Read under the user's row lock: a credential change committed later moves the epoch past it.
      credentialEpoch: user.credentialEpoch,
      family: family.id,
      clientId: this.config.get('service.jwt.client_id'),
    });
    const sealed: SealedPair = {
      access_token: this.signing.sign(claims, 'at+jwt'),
      access_expires_at: exp,
      refresh_token: refreshToken,
    };
    return { pair: this.pairOf(sealed, family), sealed, tokenId };
  }

  private pairOf(sealed: SealedPair, family: SessionFamily): SessionPair {
    const now = this.clock.nowSeconds();
    return {
      token_type: 'Bearer',
      access_token: sealed.access_token,
      expires_in: Math.max(0, sealed.access_expires_at - now),
      refresh_token: sealed.refresh_token,
      refresh_expires_in: Math.max(0, Math.floor(family.expiresAt.getTime() / 1000) - now),
    };
  }
}
