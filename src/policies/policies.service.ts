import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { EventBus, POLICY_CHANGED } from '../common/events';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors';
import type { Page, PageQueryDto } from '../common/pagination';
import { pageOf } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { RolesService } from '../users/roles.service';
import { UsersService } from '../users/users.service';
import type { SavePolicyDto } from './dto/policy.dto';
import { analyzePolicy, compilePolicy } from './language';
import type { AttachmentLevel, CompiledPolicy, PolicyIssue } from './language';
import { PolicyLanguageOptions } from './language-options';
import { PolicyAttachment } from './policy-attachment.entity';
import { Policy } from './policy.entity';
import { PolicySnapshots } from './policy-snapshot';
import { RouteDeclarations } from './route-declarations';

/** What fits the `text` column on every database, with room to spare. */
const DOCUMENT_MAX_LENGTH = 60_000;

export interface SavedPolicy {
  policy: Policy;
  warnings: PolicyIssue[];
}

export interface AttachmentTarget {
  level: AttachmentLevel;
  /** A user id, a role slug, or '' for the default attachment. */
  target: string;
}

/**
 * Stored policies and their attachments. Every document is compiled before it is stored (an
 * invalid one is refused with every error's path), every change is audited in its transaction,
 * and this instance's snapshot reloads once it commits, so the next request sees it.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: PolicyLanguageOptions,
    private readonly snapshots: PolicySnapshots,
    private readonly routes: RouteDeclarations,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly events: EventBus,
  ) {}

  async list(query: PageQueryDto): Promise<Page<SavedPolicy>> {
    return this.transactions.run(async (manager) => {
      const [rows, total] = await manager.findAndCount(Policy, {
        order: { name: 'ASC' },
        skip: (query.page - 1) * query.per_page,
        take: query.per_page,
      });
      return pageOf(
        rows.map((policy) => this.withWarnings(policy)),
        total,
        query,
      );
    });
  }

  async get(id: string): Promise<SavedPolicy> {
    const policy = await this.transactions.run((manager) => manager.findOne(Policy, { where: { id } }));
    if (!policy) throw new NotFoundError('Policy', id);
    return this.withWarnings(policy);
  }

  async create(actorId: string | null, dto: SavePolicyDto): Promise<SavedPolicy> {
    const compiled = this.compile(dto.document);
    const now = this.clock.now();
    const policy: Policy = {
      id: randomUUID(),
      name: dto.name,
      description: dto.description ?? null,
      document: JSON.stringify(dto.document),
      createdAt: now,
      updatedAt: now,
    };
    await this.write(async (manager) => {
      await manager.insert(Policy, policy);
      await this.changed(manager, actorId, 'created', policy);
    });
    return { policy, warnings: this.analyze(compiled) };
  }

  /** Replaces the name, description and document. */
  async update(actorId: string | null, id: string, dto: SavePolicyDto): Promise<SavedPolicy> {
    const compiled = this.compile(dto.document);
    const policy = await this.write(async (manager) => {
      const current = await this.transactions.lock(manager, Policy, { id });
      if (!current) throw new NotFoundError('Policy', id);
      current.name = dto.name;
      current.description = dto.description ?? null;
      current.document = JSON.stringify(dto.document);
      current.updatedAt = this.clock.now();
      await manager.save(Policy, current);
      await this.changed(manager, actorId, 'updated', current);
      return current;
    });
    return { policy, warnings: this.analyze(compiled) };
  }

  /** An attached policy is not deleted: detaching it first makes the change of access explicit. */
  async remove(actorId: string | null, id: string): Promise<void> {
    await this.write(async (manager) => {
      const policy = await this.transactions.lock(manager, Policy, { id });
      if (!policy) throw new NotFoundError('Policy', id);
      const attached = await manager.count(PolicyAttachment, { where: { policyId: id } });
      if (attached > 0)
        throw new ConflictError(
          'policy_in_use',
          `Policy '${id}' is attached in ${attached} place(s); detach it first.`,
        );
      await manager.delete(Policy, { id });
      await this.changed(manager, actorId, 'deleted', policy);
    });
  }

  /** Idempotent: attaching again keeps the original place in the evaluation order. */
  async attach(actorId: string | null, policyId: string, where: AttachmentTarget): Promise<void> {
    await this.assertTargetExists(where);
    await this.write(async (manager) => {
      const policy = await this.transactions.lock(manager, Policy, { id: policyId });
      if (!policy) throw new NotFoundError('Policy', policyId);
      const key = { policyId, level: where.level, target: where.target };
      if (await manager.exists(PolicyAttachment, { where: key })) return;
      const last = await manager
        .createQueryBuilder(PolicyAttachment, 'a')
        .select('MAX(a.position)', 'last')
        .where('a.level = :level AND a.target = :target', where)
        .getRawOne<{ last: number | string | null }>();
      const position = Number(last?.last ?? 0) + 1;
      await manager.insert(PolicyAttachment, { ...key, position, createdAt: this.clock.now() });
      await this.changed(manager, actorId, 'attached', policy, where);
    });
  }

  async detach(actorId: string | null, policyId: string, where: AttachmentTarget): Promise<void> {
    await this.write(async (manager) => {
      const policy = await this.transactions.lock(manager, Policy, { id: policyId });
      if (!policy) throw new NotFoundError('Policy', policyId);
      const result = await manager.delete(PolicyAttachment, { policyId, level: where.level, target: where.target });
      if (!result.affected)
        throw new NotFoundError('Attachment', `${policyId} ${where.level}${where.target ? ` ${where.target}` : ''}`);
      await this.changed(manager, actorId, 'detached', policy, where);
    });
  }

  /** Removes what was attached to a user or role that is being deleted, in its transaction. */
  async dropAttachmentsOf(manager: EntityManager, where: AttachmentTarget): Promise<void> {
    await manager.delete(PolicyAttachment, { level: where.level, target: where.target });
    await this.events.emit(POLICY_CHANGED, { manager });
  }

  private compile(document: Record<string, unknown>): CompiledPolicy {
    if (JSON.stringify(document).length > DOCUMENT_MAX_LENGTH)
      throw new ValidationFailedError([
        { field: 'document', message: `document must be at most ${DOCUMENT_MAX_LENGTH} characters as JSON` },
      ]);
    const result = compilePolicy(document, this.options);
    if (!result.ok)
      throw new ValidationFailedError(
        result.errors.map((error) => ({
          field: error.path ? `document.${error.path}` : 'document',
          message: error.message,
        })),
        'The policy document is invalid; errors lists every problem with its path.',
      );
    return result.policy;
  }

  private analyze(compiled: CompiledPolicy): PolicyIssue[] {
    return analyzePolicy(compiled, this.routes.list());
  }

  private withWarnings(policy: Policy): SavedPolicy {
    const result = compilePolicy(JSON.parse(policy.document), this.options);
    const warnings = result.ok ? this.analyze(result.policy) : result.errors;
    return { policy, warnings };
  }

  private async assertTargetExists(where: AttachmentTarget): Promise<void> {
    if (where.level === 'user') await this.users.get(where.target);
    if (where.level === 'role') await this.roles.get(where.target);
  }

  /** A write that changes access: its name is unique, and every instance reloads after commit (POLICY_CHANGED). */
  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions
      .run(async (manager) => {
        const result = await work(manager);
        await this.events.emit(POLICY_CHANGED, { manager });
        return result;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new ConflictError('duplicate_policy', 'A policy with this name already exists.');
        throw error;
      });
  }

  private async changed(
    manager: EntityManager,
    actorId: string | null,
    change: 'created' | 'updated' | 'deleted' | 'attached' | 'detached',
    policy: Policy,
    where?: AttachmentTarget,
  ): Promise<void> {
    await this.audit.record(
      {
        type: 'policy_changed',
        actorId,
        reason: change,
        detail: { policy_id: policy.id, name: policy.name, ...(where ?? {}) },
      },
      manager,
    );
  }
}
