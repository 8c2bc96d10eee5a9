import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { OnCommittedEvent, POLICY_CHANGED } from '../common/events';
import type { CommittedEvent } from '../common/events';
import { ATTACHMENT_LEVELS, buildEffectivePolicy, compilePolicy } from './language';
import type { AttachmentLevel, Candidate, CompiledPolicy, EffectivePolicy } from './language';
import { PolicyLanguageOptions } from './language-options';
import { PolicyAttachment } from './policy-attachment.entity';
import { Policy } from './policy.entity';

/** How long this instance trusts what it loaded when no change of its own made it reload (another instance's edit). */
export const SNAPSHOT_TTL_MS = 30_000;
/** Effective policies kept per (user, roles); far more than the principals active at once. */
const EFFECTIVE_CACHE_SIZE = 10_000;

export interface LoadedPolicy {
  row: Policy;
  compiled: CompiledPolicy;
}

export interface AttachedPolicy {
  candidate: Candidate;
  /** The role it is attached to, for a role attachment. */
  role?: string;
}

export interface AttachedPolicySummary {
  id: string;
  name: string;
  level: AttachmentLevel;
  role?: string;
}

interface Snapshot {
  loadedAt: number;
  policies: ReadonlyMap<string, LoadedPolicy>;
  attachments: ReadonlyMap<string, readonly Candidate[]>;
}

const slot = (level: AttachmentLevel, target: string) => `${level}:${target}`;

/**
 * Every policy, compiled, and every attachment, held in process so that a decision does no
 * database round trip. This instance reloads right after committing a change of its own; what
 * another instance changed is seen within SNAPSHOT_TTL_MS (`refreshIfStale`). Effective policies
 * are memoised per user and role set.
 */
@Injectable()
export class PolicySnapshots implements OnApplicationBootstrap {
  private readonly logger = new Logger('Policies');
  private snapshot: Snapshot | null = null;
  private readonly effective = new Map<string, EffectivePolicy>();
  /** Reloads are numbered: one that started before a newer one finished must not replace it. */
  private started = 0;
  private applied = 0;
  private pending: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly options: PolicyLanguageOptions,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  /** A change committed here or, over Redis, on another instance: read everything again. */
  @OnCommittedEvent(POLICY_CHANGED)
  async onPolicyChanged(_event: CommittedEvent<typeof POLICY_CHANGED>): Promise<void> {
    await this.reload();
  }

  /** Reads everything again. */
  async reload(): Promise<void> {
    const generation = ++this.started;
    const [policies, attachments] = await Promise.all([
      this.dataSource.getRepository(Policy).find(),
      this.dataSource
        .getRepository(PolicyAttachment)
        .find({ order: { position: 'ASC', createdAt: 'ASC', policyId: 'ASC' } }),
    ]);
    if (generation < this.applied) return;
    this.applied = generation;
    this.snapshot = this.build(policies, attachments);
    this.effective.clear();
  }

  policy(id: string): LoadedPolicy | undefined {
    return this.current().policies.get(id);
  }

  /** Default, then the roles' (in the order given), then the user's own attachments, as the language orders them. */
  effectiveFor(userId: string, roles: readonly string[]): EffectivePolicy {
    const key = `${userId}\u0000${roles.join('\u0000')}`;
    const cached = this.effective.get(key);
    if (cached) return cached;
    const snapshot = this.current();
    const candidates = [
      ...(snapshot.attachments.get(slot('default', '')) ?? []),
      ...roles.flatMap((role) => snapshot.attachments.get(slot('role', role)) ?? []),
      ...(snapshot.attachments.get(slot('user', userId)) ?? []),
    ];
    const effective = buildEffectivePolicy(candidates);
    if (this.effective.size >= EFFECTIVE_CACHE_SIZE) this.effective.clear();
    this.effective.set(key, effective);
    return effective;
  }

  /** The policies that apply to the user, each with where it is attached, in evaluation order. */
  attachedTo(userId: string, roles: readonly string[]): AttachedPolicy[] {
    const snapshot = this.current();
    const found: AttachedPolicy[] = [
      ...(snapshot.attachments.get(slot('default', '')) ?? []).map((candidate) => ({ candidate })),
      ...roles.flatMap((role) =>
        (snapshot.attachments.get(slot('role', role)) ?? []).map((candidate) => ({ candidate, role })),
      ),
      ...(snapshot.attachments.get(slot('user', userId)) ?? []).map((candidate) => ({ candidate })),
    ];
    return found.sort(
      (a, b) =>
        ATTACHMENT_LEVELS.indexOf(a.candidate.level) - ATTACHMENT_LEVELS.indexOf(b.candidate.level) ||
        a.candidate.order - b.candidate.order,
    );
  }

  /**
   * Reloads when what this instance holds is older than SNAPSHOT_TTL_MS (another instance may
   * have changed policies): the guard awaits this, so one request per TTL pays a round trip and
   * the rest decide from memory. Concurrent callers share the one reload.
   */
  async refreshIfStale(): Promise<void> {
    if (this.snapshot && this.clock.now().getTime() - this.snapshot.loadedAt <= SNAPSHOT_TTL_MS) return;
    // Unreachable database: the last policies keep deciding (logged), rather than every request failing.
    this.pending ??= this.reload()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reloading policies failed; keeping the last ones'))
      .finally(() => (this.pending = null));
    await this.pending;
  }

  /** The policies that apply to the account, in evaluation order, by id and name: what `GET /me` shows. */
  attachedSummary(userId: string, roles: readonly string[]): AttachedPolicySummary[] {
    return this.attachedTo(userId, roles).map(({ candidate, role }) => ({
      id: candidate.policyId,
      name: this.current().policies.get(candidate.policyId)!.row.name,
      level: candidate.level,
      ...(role ? { role } : {}),
    }));
  }

  private current(): Snapshot {
    if (!this.snapshot) throw new Error('policies are read before the server finished starting');
    return this.snapshot;
  }

  private build(rows: Policy[], attachmentRows: PolicyAttachment[]): Snapshot {
    const policies = new Map<string, LoadedPolicy>();
    for (const row of rows) {
      const result = compilePolicy(JSON.parse(row.document), this.options);
      // Saved documents compiled when saved; one that no longer does (an ENV name taken off the
      // allow-list since) grants nothing rather than stopping the server.
      if (result.ok) policies.set(row.id, { row, compiled: result.policy });
      else this.logger.error({ policy: row.id, errors: result.errors }, 'a stored policy no longer compiles; ignored');
    }
    const attachments = new Map<string, Candidate[]>();
    for (const [order, attachment] of attachmentRows.entries()) {
      const loaded = policies.get(attachment.policyId);
      if (!loaded) continue;
      const key = slot(attachment.level, attachment.target);
      const list = attachments.get(key) ?? [];
      list.push({ policyId: attachment.policyId, level: attachment.level, order, policy: loaded.compiled });
      attachments.set(key, list);
    }
    return { loadedAt: this.clock.now().getTime(), policies, attachments };
  }
}
