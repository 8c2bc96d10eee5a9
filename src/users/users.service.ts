import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { ACCOUNT_CHANGED, ACCOUNT_SECURITY_CHANGED, EventBus, RevocationReason } from '../common/events';
import { Page, pageOf } from '../common/pagination';
import { ConfigService } from '../config/config.service';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto';
import {
  DuplicateUserError,
  InvalidCurrentPasswordError,
  LastAdministratorError,
  UnknownRolesError,
  WeakPasswordError,
} from './errors';
import { loginIdentifier } from './credentials';
import { PasswordHasher } from './password.service';
import { passwordWeaknesses } from './password-strength';
import { Role } from './role.entity';
import { User } from './user.entity';

export const ADMINISTRATOR_ROLE = 'administrator';

/** The address an administrator gets when nobody gave one (the seed, the CLI without --email). */
export function placeholderEmail(username: string): string {
  return `${username.toLowerCase()}@jwt-access-manager.local`;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly config: ConfigService,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async create(actorId: string | null, dto: CreateUserDto, checkStrength = true): Promise<User> {
    // Both rules are checked before answering, so one 400 names every bad field.
    const weak = checkStrength
      ? new WeakPasswordError(this.weaknessesOf(dto.password, dto.username, dto.email)).errors!
      : [];
    const unknownRoles = await this.findRoles(this.transactions.manager, dto.roles ?? []).then(
      () => [],
      (error: unknown) => {
        if (error instanceof UnknownRolesError) return error.errors!;
        throw error;
      },
    );
    if (weak.length || unknownRoles.length) throw new ValidationFailedError([...weak, ...unknownRoles]);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.uniqueOrConflict(() =>
      this.transactions.run(async (manager) => {
        await this.assertUnique(manager, dto.username, dto.email);
        const roles = await this.findRoles(manager, dto.roles ?? []);
        const now = this.clock.now();
        const user = manager.create(User, {
          id: randomUUID(),
          username: dto.username,
          email: dto.email,
          displayName: dto.display_name ?? null,
          passwordHash,
          status: dto.status ?? 'active',
          credentialEpoch: 0,
          credentialsChangedAt: now,
          createdAt: now,
          updatedAt: now,
          roles,
        });
        await manager.save(user);
        await this.audit.record(
          {
            type: 'user_changed',
            userId: user.id,
            actorId,
            reason: 'created',
            detail: { username: user.username, roles: dto.roles ?? [] },
          },
          manager,
        );
        return user;
      }),
    );
  }

  async list(query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.transactions.manager.createQueryBuilder(User, 'u').leftJoinAndSelect('u.roles', 'r');
    if (query.search) {
      // '!' rather than a backslash as the LIKE escape: MySQL and MariaDB read a backslash in a
      // string literal as an escape, so ESCAPE '\' does not parse there.
      const like = `%${query.search.toLowerCase().replace(/[!%_]/g, (c) => '!' + c)}%`;
      qb.where(
        new Brackets((w) =>
          w
            .where("LOWER(u.username) LIKE :like ESCAPE '!'", { like })
            .orWhere("LOWER(u.email) LIKE :like ESCAPE '!'", { like })
            .orWhere("LOWER(u.display_name) LIKE :like ESCAPE '!'", { like }),
        ),
      );
    }
    const [items, total] = await qb
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.per_page)
      .take(query.per_page)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<User> {
    const user = await this.find(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  find(id: string): Promise<User | null> {
    return this.transactions.manager.findOne(User, { where: { id } });
  }

  /** Login accepts a username or an email address. */
  findByLogin(identifier: string): Promise<User | null> {
    const value = loginIdentifier(identifier);
    return this.transactions.manager.findOne(User, {
      where: value.includes('@') ? { email: value } : { username: value },
    });
  }

  async update(actorId: string | null, id: string, dto: UpdateUserDto): Promise<User> {
    return this.uniqueOrConflict(() =>
      this.transactions.run(async (manager) => {
        const mayDemote = dto.status === 'blocked' || dto.roles !== undefined;
        const user = await this.lockUser(manager, id, mayDemote);
        const wasAdministrator = isActiveAdministrator(user);
        const reasons: RevocationReason[] = [];
        if (dto.email !== undefined && dto.email !== user.email) {
          await this.assertUnique(manager, undefined, dto.email);
          user.email = dto.email;
          reasons.push('email_changed');
        }
        if (dto.display_name !== undefined) user.displayName = dto.display_name;
        if (dto.roles !== undefined) {
          const roles = await this.findRoles(manager, dto.roles);
          const before = user.roles
            .map((r) => r.slug)
            .sort()
            .join(',');
          if (
            roles
              .map((r) => r.slug)
              .sort()
              .join(',') !== before
          ) {
            user.roles = roles;
            reasons.push('roles_changed');
          }
        }
        if (dto.status !== undefined && dto.status !== user.status) {
          user.status = dto.status;
          if (dto.status === 'blocked') reasons.push('account_blocked');
        }
        if (wasAdministrator && !isActiveAdministrator(user)) await this.assertAnotherAdministrator(manager, user.id);
        user.updatedAt = this.clock.now();
        await manager.save(user);
        await this.audit.record(
          { type: 'user_changed', userId: id, actorId, reason: 'updated', detail: { fields: Object.keys(dto) } },
          manager,
        );
        for (const reason of reasons) await this.securityChanged(manager, user, reason, actorId);
        await this.events.emit(ACCOUNT_CHANGED, { userId: id, manager });
        return user;
      }),
    );
  }

  async remove(actorId: string | null, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, id, true);
      if (isActiveAdministrator(user)) await this.assertAnotherAdministrator(manager, user.id);
      await this.securityChanged(manager, user, 'account_deleted', actorId);
      await manager.remove(user);
      await this.events.emit(ACCOUNT_CHANGED, { userId: id, manager });
      await this.audit.record(
        { type: 'user_changed', userId: id, actorId, reason: 'deleted', detail: { username: user.username } },
        manager,
      );
    });
  }

  /** Changes a password; changing one's own needs the current one. No actor: the operator CLI. */
  async changePassword(
    actorId: string | null,
    id: string,
    newPassword: string,
    currentPassword?: string,
  ): Promise<User> {
    const existing = await this.get(id);
    const ownPassword = actorId === id;
    if (ownPassword) {
      if (!currentPassword)
        throw new InvalidCurrentPasswordError('current_password is required to change your own password');
      if (!(await this.hasher.verify(existing.passwordHash, currentPassword)))
        throw new InvalidCurrentPasswordError('current_password is not correct');
    }
    this.assertStrong(newPassword, existing.username, existing.email, 'new_password');
    const passwordHash = await this.hasher.hash(newPassword);
    return this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, id);
      // The current password was verified before the lock (argon2 is too slow to hold a row lock
      // through). A change that took the lock first replaced the hash (fresh salt, so always a
      // different string): that proof no longer holds, and of racing changes exactly one wins.
      if (ownPassword && user.passwordHash !== existing.passwordHash)
        throw new InvalidCurrentPasswordError('current_password is no longer correct: the password was just changed');
      user.passwordHash = passwordHash;
      user.updatedAt = this.clock.now();
      await manager.save(user);
      await this.audit.record(
        { type: 'user_changed', userId: id, actorId, reason: 'password_changed', detail: {} },
        manager,
      );
      await this.securityChanged(manager, user, 'password_changed', actorId);
      await this.events.emit(ACCOUNT_CHANGED, { userId: id, manager });
      return user;
    });
  }

  /** The first administrator: the operator chose ADMIN_PASSWORD, so it is not strength-checked (a warning is logged instead). */
  createSeed(username: string, password: string, roles: string[]): Promise<User> {
    return this.create(null, { username, email: placeholderEmail(username), password, roles }, false);
  }

  weaknessesOf(password: string, username: string, email: string): string[] {
    return passwordWeaknesses(password, {
      minLength: this.config.get('service.password.min_length'),
      minScore: this.config.get('service.password.min_score'),
      username,
      email,
    });
  }

  async countAll(): Promise<number> {
    return this.transactions.manager.count(User);
  }

  /**
   * Records a security-relevant change: every token signed under the current credential epoch
   * stops working (unless that trigger is switched off: then no epoch moves and earlier tokens
   * keep working), and subscribers revoke what they hold, in this transaction. Callers hold the
   * user's row lock, so the increment cannot be lost to a concurrent change.
   */
  private async securityChanged(
    manager: EntityManager,
    user: User,
    reason: RevocationReason,
    actorId: string | null,
  ): Promise<void> {
    if (!this.config.get(`service.revocation.${reason}`)) return;
    user.credentialEpoch += 1;
    user.credentialsChangedAt = this.clock.now();
    await manager.update(
      User,
      { id: user.id },
      { credentialEpoch: user.credentialEpoch, credentialsChangedAt: user.credentialsChangedAt },
    );
    await this.events.emit(ACCOUNT_SECURITY_CHANGED, { userId: user.id, reason, actorId, manager });
  }

  /** A concurrent create or email change that won the race surfaces as the same 409 the pre-check gives. */
  private async uniqueOrConflict<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // SQLite names the column (users.email); MySQL names the unique index (see the initial
      // migration). Only that name is looked at: the message also quotes the duplicate value.
      const key = /for key '([^']+)'|UNIQUE constraint failed: (\S+)/.exec(error.message);
      throw new DuplicateUserError(
        /users\.email|IDX_97672ac88f789774dd47f7c8be/.test(key?.[1] ?? key?.[2] ?? '') ? 'email' : 'username',
      );
    }
  }

  private assertStrong(password: string, username: string, email: string, field = 'password'): void {
    const problems = this.weaknessesOf(password, username, email);
    if (problems.length) throw new WeakPasswordError(problems, field);
  }

  private async assertUnique(manager: EntityManager, username: string | undefined, email: string): Promise<void> {
    if (username && (await manager.exists(User, { where: { username } }))) throw new DuplicateUserError('username');
    if (await manager.exists(User, { where: { email } })) throw new DuplicateUserError('email');
  }

  private async findRoles(manager: EntityManager, slugs: string[]): Promise<Role[]> {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return [];
    const roles = await manager.find(Role, { where: { slug: In(unique) } });
    const missing = unique.filter((slug) => !roles.some((r) => r.slug === slug));
    if (missing.length) throw new UnknownRolesError(missing);
    return roles;
  }

  /**
   * Locks the user's row for this transaction. A change that may take away an administrator
   * first locks the administrator role row: those changes take turns, always in the order role
   * then user, so two administrators demoting each other cannot both succeed or deadlock.
   */
  private async lockUser(manager: EntityManager, id: string, mayDemote = false): Promise<User> {
    if (mayDemote) await this.transactions.lock(manager, Role, { slug: ADMINISTRATOR_ROLE });
    const locked = await this.transactions.lock(manager, User, { id });
    if (!locked) throw new NotFoundError('User', id);
    return (await manager.findOne(User, { where: { id } }))!;
  }

  /** Refuses a change that leaves no active administrator, so the server cannot lock itself out (callers hold the role lock). */
  private async assertAnotherAdministrator(manager: EntityManager, exceptId: string): Promise<void> {
    const others = await manager
      .createQueryBuilder(User, 'u')
      .innerJoin('u.roles', 'r', 'r.slug = :slug', { slug: ADMINISTRATOR_ROLE })
      .where('u.status = :status', { status: 'active' })
      .andWhere('u.id <> :id', { id: exceptId })
      .getCount();
    if (others === 0) throw new LastAdministratorError();
  }
}

function isActiveAdministrator(user: User): boolean {
  return user.status === 'active' && user.roles.some((r) => r.slug === ADMINISTRATOR_ROLE);
}
