import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { TokenClaims } from '../common/token-claims';
import type { Principal } from '../common/principal';
import { Clock } from '../common/clock';
import { PolicyEvaluator } from '../policies/policy-evaluator';
import type { OptionValue } from '../config/catalogue';
import { AuthenticationError, FieldError, NotFoundError } from '../common/errors';
import {
  ACCOUNT_SECURITY_CHANGED,
  AccountSecurityChanged,
  EventBus,
  OnDomainEvent,
  TOKEN_REVOKED,
} from '../common/events';
import { Page, pageOf } from '../common/pagination';
import { ConfigService } from '../config/config.service';
import { Transactions } from '../database/transactions';
import { SigningService } from '../keys/signing.service';
import { assertAccountMayAct } from '../users/credentials';
import { User } from '../users/user.entity';
import { additionalClaimsErrors, additionalClaimsOf, buildClaims } from './claims';
import { IssueTokenDto } from './dto/token.dto';
import {
  AccountNotActiveError,
  InvalidTokenRequestError,
  RegistryFullError,
  TokenInactiveError,
  TokenNotRefreshableError,
  TokenNotRevocableError,
} from './errors';
import { RegistryToken, RevokeReason, TokenStatus } from './token.entity';
import { resolveExpiry } from './ttl';

export interface IssuedToken {
  entry: RegistryToken;
  token: string;
}

const TEN_YEARS = 10 * 365 * 86400;
const DAY_MS = 86400_000;

/** The per-user registry of API tokens (AAM's model). Raw tokens are re-signed from stored claims, never stored. */
@Injectable()
export class TokensService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly signing: SigningService,
    private readonly config: ConfigService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policies: PolicyEvaluator,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    // A rotated-out key must verify until the last registry token it can have signed expires.
    this.signing.countRegistryExpiry(() => this.latestUnrevokedExpiry());
  }

  /** The furthest expiry of a registry token not revoked (an expired one is ignored by the caller's max). */
  private async latestUnrevokedExpiry(): Promise<Date | null> {
    const latest = await this.transactions.manager.findOne(RegistryToken, {
      where: { revokedAt: IsNull() },
      order: { expiresAt: 'DESC' },
    });
    return latest?.expiresAt ?? null;
  }

  statusOf(entry: RegistryToken): TokenStatus {
    if (entry.revokedAt) return 'revoked';
    return entry.expiresAt.getTime() <= this.clock.now().getTime() ? 'expired' : 'active';
  }

  /**
   * Re-signs the stored claim set with the current key: the token the user was given in meaning
   * (same claims, jti and expiry), byte for byte only where signatures are deterministic (HMAC,
   * RSA) and the key has not rotated since; docs/design.md, "Data".
   */
  tokenOf(entry: RegistryToken): string {
    return this.signing.sign(entry.claims as TokenClaims, 'JWT');
  }

  async issue(principal: Principal, userId: string, dto: IssueTokenDto): Promise<IssuedToken> {
    const actorId = principal.userId;
    const now = this.clock.now();
    const revocable = dto.revocable ?? true;
    const additional = dto.additional_claims ?? {};
    // From the whole second that becomes iat, so expires_at and exp are the same instant.
    const expiresAt = resolveExpiry(
      dto,
      Math.floor(now.getTime() / 1000) * 1000,
      await this.ownersOption(principal, userId, 'service.jwt.expires_in'),
      TEN_YEARS,
    );
    // Every rule is checked before answering, so one 400 names every bad field.
    const errors: FieldError[] = [];
    if (!(expiresAt instanceof Date))
      errors.push({ field: expiresAt.field, message: `${expiresAt.field} ${expiresAt.error}` });
    for (const message of additionalClaimsErrors(additional, this.config.get('service.jwt.max_claims_bytes')))
      errors.push({ field: 'additional_claims', message });
    if (!revocable && !this.config.get('service.jwt.allow_irrevocable'))
      errors.push({ field: 'revocable', message: 'revocable=false needs service.jwt.allow_irrevocable' });
    if (!revocable && dto.refreshable)
      errors.push({
        field: 'refreshable',
        message: 'an irrevocable token cannot be refreshable: a refresh could not retire it',
      });
    if (errors.length || !(expiresAt instanceof Date)) throw new InvalidTokenRequestError(errors);

    const registrySize = await this.ownersOption(principal, userId, 'service.jwt.registry_size');
    return this.transactions.run(async (manager) => {
      const owner = await this.lockOwner(manager, userId, principal);
      await this.makeRoom(manager, userId, actorId, registrySize);
      const issuedAt = await this.nextIssuedAt(manager, userId, now);
      const entry = this.newEntry(owner, now, issuedAt, expiresAt, {
        refreshable: dto.refreshable ?? false,
        revocable,
        additional,
        description: dto.description ?? null,
      });
      await manager.insert(RegistryToken, entry);
      await this.audit.record(
        {
          type: 'token_issued',
          userId,
          actorId,
          jti: entry.jti,
          detail: { expires_at: expiresAt.toISOString(), refreshable: entry.refreshable, revocable },
        },
        manager,
      );
      return { entry, token: this.tokenOf(entry) };
    });
  }

  async list(userId: string, query: { page: number; per_page: number }): Promise<Page<RegistryToken>> {
    await this.assertOwnerExists(userId);
    const keptSince = new Date(this.clock.now().getTime() - this.config.get('service.audit.retention_days') * DAY_MS);
    const [items, total] = await this.transactions.manager.findAndCount(RegistryToken, {
      where: { userId, tokenUse: 'api', expiresAt: MoreThan(keptSince) },
      order: { issuedAt: 'DESC', jti: 'ASC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return pageOf(items, total, query);
  }

  async get(userId: string, jti: string): Promise<RegistryToken> {
    const entry = await this.transactions.manager.findOne(RegistryToken, { where: { jti, userId, tokenUse: 'api' } });
    if (!entry) throw new NotFoundError('Token', jti);
    return entry;
  }

  /**
   * Refuses an API token whose entry was revoked (or is gone) since it was authenticated, under
   * the entry's row lock, inside the caller's transaction; irrevocable tokens have no entry to check.
   */
  async assertStillLive(manager: EntityManager, claims: TokenClaims): Promise<void> {
    if (claims.revocable === false) return;
    const entry = await this.transactions.lock(manager, RegistryToken, { jti: claims.jti, userId: claims.sub });
    if (!entry || entry.revokedAt)
      throw new AuthenticationError('token_revoked', `The token was revoked (${entry?.revokeReason ?? 'removed'}).`);
  }

  /** Used by authentication on every request that carries an API token. */
  findByJti(jti: string): Promise<RegistryToken | null> {
    return this.transactions.manager.findOne(RegistryToken, { where: { jti } });
  }

  /** AAM refresh: a new jti with the same lifetime length starting now, claims and description carried, the old entry revoked. */
  async refresh(principal: Principal, userId: string, jti: string): Promise<IssuedToken> {
    const actorId = principal.userId;
    return this.transactions.run(async (manager) => {
      const owner = await this.lockOwner(manager, userId, principal);
      const old = await this.transactions.lock(manager, RegistryToken, { jti, userId, tokenUse: 'api' });
      if (!old) throw new NotFoundError('Token', jti);
      // An irrevocable token would stay valid next to its successor.
      if (!old.refreshable || !old.revocable) throw new TokenNotRefreshableError();
      const status = this.statusOf(old);
      if (status !== 'active') throw new TokenInactiveError(status);

      const now = this.clock.now();
      // The signed lifetime (exp - iat): issuedAt keeps milliseconds that the whole-second iat drops.
      const lifetimeMs = (old.claims.exp - old.claims.iat) * 1000;
      const issuedAt = await this.nextIssuedAt(manager, userId, now);
      // Signed under the owner's epoch now, not the stored one (cep is reserved, so not carried).
      const entry = this.newEntry(
        owner,
        now,
        issuedAt,
        new Date(Math.floor(now.getTime() / 1000) * 1000 + lifetimeMs),
        {
          refreshable: true,
          revocable: old.revocable,
          additional: additionalClaimsOf(old.claims),
          description: old.description,
        },
      );
      await manager.update(RegistryToken, { jti }, { revokedAt: now, revokeReason: 'refreshed' });
      await this.events.emit(TOKEN_REVOKED, { jti, userId, manager });
      await manager.insert(RegistryToken, entry);
      await this.audit.record(
        {
          type: 'token_refreshed',
          userId,
          actorId,
          jti: entry.jti,
          reason: 'refreshed',
          detail: { previous_jti: jti },
        },
        manager,
      );
      return { entry, token: this.tokenOf(entry) };
    });
  }

  async revoke(principal: Principal, userId: string, jti: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.lockOwner(manager, userId);
      await this.revokeOne(manager, userId, jti, principal.userId);
    });
  }

  /** Revokes one entry inside the caller's transaction; already revoked is done, irrevocable is a 409. */
  async revokeOne(manager: EntityManager, userId: string, jti: string, actorId: string | null): Promise<void> {
    const entry = await this.transactions.lock(manager, RegistryToken, { jti, userId, tokenUse: 'api' });
    if (!entry) throw new NotFoundError('Token', jti);
    if (entry.revokedAt) return;
    if (!entry.revocable) throw new TokenNotRevocableError();
    await this.markRevoked(manager, [entry], 'revoked', actorId);
  }

  /** Revokes every revocable live token of the user; irrevocable ones run until they expire. */
  async revokeAll(principal: Principal, userId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.lockOwner(manager, userId);
      await this.revokeLive(manager, userId, 'revoked', principal.userId);
    });
  }

  /** `revokeAll` inside the caller's transaction (a global logout ends sessions and tokens together). */
  async revokeLive(
    manager: EntityManager,
    userId: string,
    reason: RevokeReason,
    actorId: string | null,
  ): Promise<void> {
    const live = await this.liveTokens(manager, userId);
    await this.markRevoked(
      manager,
      live.filter((t) => t.revocable),
      reason,
      actorId,
    );
  }

  /** Password, email, role, block and delete changes revoke every token of the account, irrevocable ones included. */
  @OnDomainEvent(ACCOUNT_SECURITY_CHANGED)
  async onAccountSecurityChanged(event: AccountSecurityChanged): Promise<void> {
    const live = await this.liveTokens(event.manager, event.userId);
    await this.markRevoked(event.manager, live, event.reason, event.actorId);
  }

  /**
   * When an entry is registered: now, but strictly after the user's latest entry, so "the oldest"
   * is well defined even for tokens minted within one millisecond (callers hold the owner's lock).
   */
  private async nextIssuedAt(manager: EntityManager, userId: string, now: Date): Promise<Date> {
    const latest = await manager.findOne(RegistryToken, {
      where: { userId },
      order: { issuedAt: 'DESC' },
      select: { jti: true, issuedAt: true },
    });
    return new Date(Math.max(now.getTime(), (latest?.issuedAt.getTime() ?? 0) + 1));
  }

  /** `signedAt` gives iat (whole seconds); `issuedAt` is the registry's ordering time. */
  private newEntry(
    owner: User,
    signedAt: Date,
    issuedAt: Date,
    expiresAt: Date,
    options: {
      refreshable: boolean;
      revocable: boolean;
      additional: Record<string, unknown>;
      description: string | null;
    },
  ): RegistryToken {
    const jti = randomUUID();
    const userId = owner.id;
    const claims = buildClaims({
      jti,
      sub: userId,
      issuedAt: Math.floor(signedAt.getTime() / 1000),
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      issuer: this.config.get('service.jwt.issuer'),
      audience: this.config.get('service.jwt.audience'),
      tokenUse: 'api',
      refreshable: options.refreshable,
      revocable: options.revocable,
      credentialEpoch: owner.credentialEpoch,
      additional: options.additional,
    });
    return Object.assign(new RegistryToken(), {
      jti,
      userId,
      tokenUse: 'api',
      description: options.description,
      claims,
      issuedAt,
      expiresAt,
      refreshable: options.refreshable,
      revocable: options.revocable,
      revokedAt: null,
      revokeReason: null,
    });
  }

  /**
   * A token option as the owner's policies set it (a Param), else the config's: with the caller's
   * own request when the caller is the owner, else as the account alone. An unknown owner gets
   * the config's value; issuing answers its 404.
   */
  private async ownersOption<K extends 'service.jwt.expires_in' | 'service.jwt.registry_size'>(
    principal: Principal,
    userId: string,
    key: K,
  ): Promise<OptionValue<K>> {
    if (principal.userId === userId) return this.policies.option(principal, key);
    const owner = await this.transactions.manager.findOne(User, { where: { id: userId } });
    if (!owner) return this.config.get(key);
    const account = {
      id: owner.id,
      username: owner.username,
      email: owner.email,
      roles: owner.roles.map((r) => r.slug),
    };
    return this.policies.optionForAccount(account, key, principal.ip);
  }

  /**
   * At a full registry: evict the oldest live tokens (recorded), or refuse, as configured.
   * Irrevocable tokens hold their place until they expire: evicting one would not stop it.
   */
  private async makeRoom(manager: EntityManager, userId: string, actorId: string | null, size: number): Promise<void> {
    const live = await this.liveTokens(manager, userId);
    const excess = live.length - size + 1;
    if (excess <= 0) return;
    if (this.config.get('service.jwt.registry_overflow') === 'reject') throw new RegistryFullError(size);
    const evictable = live
      .filter((t) => t.revocable)
      .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.jti.localeCompare(b.jti));
    if (evictable.length < excess) throw new RegistryFullError(size);
    await this.markRevoked(manager, evictable.slice(0, excess), 'evicted', actorId);
  }

  private liveTokens(manager: EntityManager, userId: string): Promise<RegistryToken[]> {
    return manager.find(RegistryToken, {
      where: { userId, tokenUse: 'api', revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }

  private async markRevoked(
    manager: EntityManager,
    entries: RegistryToken[],
    reason: RevokeReason,
    actorId: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    for (const entry of entries) {
      // Only a live entry is marked: a concurrent revocation keeps its own reason and time.
      const { affected } = await manager.update(
        RegistryToken,
        { jti: entry.jti, revokedAt: IsNull() },
        { revokedAt: now, revokeReason: reason },
      );
      if (!affected) continue;
      await this.events.emit(TOKEN_REVOKED, { jti: entry.jti, userId: entry.userId, manager });
      await this.audit.record(
        {
          type: reason === 'evicted' ? 'token_evicted' : 'token_revoked',
          userId: entry.userId,
          actorId,
          jti: entry.jti,
          reason,
          detail: {},
        },
        manager,
      );
    }
  }

  /**
   * Serializes registry writes per user (two issues at a full registry must not both fit). When
   * a new token is minted, the owner and the caller are re-checked under their row locks: a
   * request authenticated just before a block or a credential change (which lock the same row)
   * must not mint a token after it. An administrator minting for another user is the caller
   * too: its own password or roles may have changed since its token was checked.
   */
  private async lockOwner(manager: EntityManager, userId: string, minting?: Principal): Promise<User> {
    const callerId = minting?.userId ?? userId;
    // In id order, so two administrators minting for each other at once take turns, not deadlock.
    const locked = new Map<string, User | null>();
    for (const id of [...new Set([userId, callerId])].sort())
      locked.set(id, await this.transactions.lock(manager, User, { id }));
    const owner = locked.get(userId);
    if (!owner) throw new NotFoundError('User', userId);
    if (!minting) return owner;
    if (owner.status !== 'active') throw new AccountNotActiveError();
    assertAccountMayAct(minting.claims, locked.get(callerId) ?? null);
    return owner;
  }

  private async assertOwnerExists(userId: string): Promise<void> {
    if (!(await this.transactions.manager.exists(User, { where: { id: userId } })))
      throw new NotFoundError('User', userId);
  }
}
