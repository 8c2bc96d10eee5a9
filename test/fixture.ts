import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type request from 'supertest';
import { DataSource } from 'typeorm';
import type { TestApp } from './app.factory';
import { ADMIN, startTestApp } from './app.factory';
import type { CreatedUser, IssuedToken } from './factories';
import { bearer, createUser, issueToken } from './factories';
import type { Exchange } from './client/openapi-responses';
import { ResponseValidator } from './client/openapi-responses';
import type { FakeClock } from './fake-clock';
import { recordResponses } from './response-recorder';

/** An audit event as the tests read it: an item of `GET /audit-events` in the shape of its `audit_events` row. */
export interface AuditRow {
  id: string;
  type: string;
  at: Date;
  userId: string | null;
  actorId: string | null;
  ip: string | null;
  jti: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

/** A `tokens` registry row, read the same way. */
export interface RegistryRow {
  jti: string;
  userId: string;
  tokenUse: string;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export type AuditFilter = Partial<Pick<AuditRow, 'type' | 'userId' | 'actorId' | 'jti' | 'reason' | 'ip'>>;

/** An item of `GET /audit-events`. */
interface AuditEventItem {
  id: string;
  type: string;
  at: string;
  user_id: string | null;
  actor_id: string | null;
  ip: string | null;
  jti?: string;
  reason?: string;
  detail: Record<string, unknown>;
}

const rowOf = (item: AuditEventItem): AuditRow => ({
  id: item.id,
  type: item.type,
  at: new Date(item.at),
  userId: item.user_id,
  actorId: item.actor_id,
  ip: item.ip,
  jti: item.jti ?? null,
  reason: item.reason ?? null,
  detail: item.detail,
});

/** Renew the administrator's session when less than this is left of it (the session lasts 900 s). */
const ADMIN_RENEW_MARGIN_S = 120;

/**
 * One running server for the tests of the describe block that calls it: starts it before them,
 * closes it after them, and before each test makes sure the administrator's session is still
 * valid (a test may have moved the clock), so no test depends on what an earlier one did to it.
 */
export class TestFixture {
  private current?: TestApp;
  /** Every answer the server gave over HTTP in this block, checked against the document at the end. */
  private readonly exchanges: Exchange[] = [];

  constructor(private readonly env: Record<string, string> = {}) {
    beforeAll(async () => {
      this.current = await startTestApp(this.env);
      recordResponses(this.current.app.getHttpServer(), this.exchanges);
    });
    afterAll(async () => {
      try {
        if (this.current) await this.expectAnswersMatchDocument();
      } finally {
        await this.current?.close();
      }
    });
    beforeEach(async () => {
      const exp = claimsOf(this.adminToken).exp as number;
      if (this.clock.now().getTime() >= (exp - ADMIN_RENEW_MARGIN_S) * 1000) await this.loginAdmin();
    });
  }

  /**
   * What a validating proxy would say of the whole block's traffic: every answer of a documented
   * operation has a documented status, a declared media type, a body its schema takes and the
   * headers the document requires. A test that provokes an answer the document does not describe
   * fails here, naming the exchange.
   */
  private async expectAnswersMatchDocument(): Promise<void> {
    const answered = this.exchanges.splice(0);
    const response = await this.t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    const validator = new ResponseValidator(response.json());
    const problems = answered.filter((e) => validator.covers(e)).flatMap((e) => validator.problems(e));
    if (problems.length > 0)
      throw new Error(`answers the OpenAPI document does not describe:\n${[...new Set(problems)].join('\n')}`);
  }

  private get t(): TestApp {
    if (!this.current) throw new Error('the test app is only available inside tests and hooks');
    return this.current;
  }

  get app(): NestFastifyApplication {
    return this.t.app;
  }
  get http(): ReturnType<typeof request> {
    return this.t.http;
  }
  get clock(): FakeClock {
    return this.t.clock;
  }
  get dataDir(): string {
    return this.t.dataDir;
  }
  get adminToken(): string {
    return this.t.adminToken;
  }

  /** The Authorization header of the seeded administrator's current session. */
  admin(): Record<string, string> {
    return bearer(this.t.adminToken);
  }

  /** The seeded administrator's user id (the actor of every request made with `admin()`). */
  adminId(): string {
    return claimsOf(this.t.adminToken).sub as string;
  }

  /** Starts a fresh administrator session (after a change that refuses the old one). */
  async loginAdmin(): Promise<string> {
    const login = await this.t.http.post('/api/v1/auth/login').send(ADMIN);
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
    this.t.adminToken = login.body.access_token;
    return this.t.adminToken;
  }

  /** Moves the clock forward and renews the administrator's session, so later requests still authenticate. */
  async advance(seconds: number): Promise<void> {
    this.t.clock.advance(seconds);
    await this.loginAdmin();
  }

  /** Runs `fn` with runtime options set through the API, and always puts them back to the lower layer afterwards. */
  async withConfig<T>(settings: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    const keys = Object.keys(settings);
    try {
      for (const key of keys) await this.setConfig(key, settings[key]);
      return await fn();
    } finally {
      for (const key of keys) await this.http.delete(`/api/v1/config/${key}`).set(this.admin()).expect(204);
    }
  }

  async setConfig(key: string, value: unknown): Promise<void> {
    const set = await this.http.put(`/api/v1/config/${key}`).set(this.admin()).send({ value });
    if (set.status !== 200) throw new Error(`setting ${key} failed: ${set.status} ${JSON.stringify(set.body)}`);
  }

  createUser(fields: Record<string, unknown> = {}): Promise<CreatedUser> {
    return createUser(this.t, fields);
  }

  issueToken(userId: string, body: Record<string, unknown> = {}): Promise<IssuedToken> {
    return issueToken(this.t, userId, body);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /**
   * Audit events matching every given field (null matches none), oldest first, read back through
   * `GET /audit-events` as the administrator: type and user are filtered by the server, the other
   * fields here. Shaped like the table's rows, so that a test reads who, whom, which token and why.
   */
  async auditEvents(filter: AuditFilter): Promise<AuditRow[]> {
    const query: Record<string, string | number> = { per_page: 200 };
    if (filter.type) query.type = filter.type;
    if (filter.userId) query.user_id = filter.userId;
    const events: AuditEventItem[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await this.http
        .get('/api/v1/audit-events')
        .query({ ...query, page })
        .set(this.admin());
      if (answer.status !== 200)
        throw new Error(`listing audit events failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      events.push(...(answer.body.items as AuditEventItem[]));
      if (page * answer.body.per_page >= answer.body.total) break;
    }
    return events
      .map(rowOf)
      .filter((row) => Object.entries(filter).every(([field, value]) => row[field as keyof AuditFilter] === value))
      .reverse();
  }

  /** An `audit_events` row as the table holds it, for a test that tampers with the log by hand. */
  async rawAuditRow(id: string): Promise<Record<string, unknown>> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>('SELECT * FROM audit_events WHERE id = ?', [
      id,
    ]);
    if (!row) throw new Error(`no audit event ${id}`);
    return row;
  }

  /** Writes a raw row (from `rawAuditRow`) into the table by hand: puts back a deleted one, or forges one. */
  async insertRawAuditRow(row: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(row);
    await this.dataSource.query(
      `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((c) => row[c]),
    );
  }

  /** The registry row of a jti, also for a user the API no longer knows. */
  registryRow(jti: string): Promise<RegistryRow | null> {
    return this.dataSource.getRepository<RegistryRow>('RegistryToken').findOne({ where: { jti } });
  }
}

export function useTestApp(env: Record<string, string> = {}): TestFixture {
  return new TestFixture(env);
}

/** The payload of a JWT, unverified: enough to read a token's own expiry. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
