import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { EventBus, ROLE_DELETED } from '../common/events';
import { ConflictError, NotFoundError } from '../common/errors';
import { Page, PageQueryDto, pageOf } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { CreateRoleDto, UpdateRoleDto } from './dto/role.dto';
import { Role } from './role.entity';
import { ADMINISTRATOR_ROLE } from './users.service';

@Injectable()
export class RolesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async list(query: PageQueryDto): Promise<Page<Role>> {
    const [items, total] = await this.transactions.manager.findAndCount(Role, {
      order: { slug: 'ASC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return pageOf(items, total, query);
  }

  async get(slug: string): Promise<Role> {
    const role = await this.transactions.manager.findOne(Role, { where: { slug } });
    if (!role) throw new NotFoundError('Role', slug);
    return role;
  }

  async create(actorId: string | null, dto: CreateRoleDto): Promise<Role> {
    const duplicate = () => new ConflictError('duplicate_role', `A role with slug '${dto.slug}' already exists.`);
    return this.transactions
      .run(async (manager) => {
        if (await manager.exists(Role, { where: { slug: dto.slug } })) throw duplicate();
        const now = this.clock.now();
        const role = manager.create(Role, {
          slug: dto.slug,
          name: dto.name,
          description: dto.description ?? null,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(Role, role);
        await this.audit.record(
          { type: 'user_changed', actorId, reason: 'role_created', detail: { role: dto.slug } },
          manager,
        );
        return role;
      })
      .catch((error: unknown) => {
        // A concurrent create of the same slug passes the check above; the primary key does not.
        throw isUniqueViolation(error) ? duplicate() : error;
      });
  }

  update(actorId: string | null, slug: string, dto: UpdateRoleDto): Promise<Role> {
    return this.transactions.run(async (manager) => {
      const role = await manager.findOne(Role, { where: { slug } });
      if (!role) throw new NotFoundError('Role', slug);
      if (dto.name !== undefined) role.name = dto.name;
      if (dto.description !== undefined) role.description = dto.description;
      role.updatedAt = this.clock.now();
      await manager.save(role);
      await this.audit.record(
        { type: 'user_changed', actorId, reason: 'role_updated', detail: { role: slug } },
        manager,
      );
      return role;
    });
  }

  /** A role still held by users is not deleted: dropping it would silently change their access. */
  remove(actorId: string | null, slug: string): Promise<void> {
    return this.transactions.run(async (manager) => {
      const role = await manager.findOne(Role, { where: { slug } });
      if (!role) throw new NotFoundError('Role', slug);
      if (slug === ADMINISTRATOR_ROLE)
        throw new ConflictError('role_protected', 'The administrator role cannot be deleted.');
      const holders = await manager
        .createQueryBuilder()
        .from('user_roles', 'ur')
        .where('ur.role_slug = :slug', { slug })
        .getCount();
      if (holders > 0)
        throw new ConflictError(
          'role_in_use',
          `Role '${slug}' is held by ${holders} user(s); remove it from them first.`,
        );
      await manager.delete(Role, { slug });
      await this.events.emit(ROLE_DELETED, { slug, manager });
      await this.audit.record(
        { type: 'user_changed', actorId, reason: 'role_deleted', detail: { role: slug } },
        manager,
      );
    });
  }
}
