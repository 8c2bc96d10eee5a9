import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { PruneReport } from '../src/audit/retention';
import { AuditChainService } from '../src/audit/audit-chain.service';
import { Retention } from '../src/audit/retention';
import { Transactions } from '../src/database/transactions';
import { expectProblem } from './factories/problem';
import { claimsOf, useTestApp } from './fixture';
import { fakeIntervalsOnly } from './fake-clock';

const DAY = 86400;
const EVENTS = '/api/v1/audit-events';
const JOB = 'audit-retention';

/** Retention (service.audit.retention_days, 90 by default): the pruning job, run by a method call on the fake clock. */
describe('audit retention', () => {
  const t = useTestApp();
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  const prune = (): Promise<PruneReport> => t.app.get(Retention).prune();
  const verify = async () => (await t.http.get('/api/v1/audit-events/verify').set(t.admin()).expect(200)).body;
  const eventsOf = async (userId: string) =>
    (await t.http.get(EVENTS).query({ user_id: userId, per_page: 200 }).set(t.admin()).expect(200)).body.items as {
      id: string;
      at: string;
    }[];
  const total = async () => (await t.http.get(EVENTS).set(t.admin()).expect(200)).body.total as number;
  /** Moves past the retention of everything written so far, so the next prune deletes it all. */
  const outliveRetention = () => t.advance(91 * DAY);

  it('deletes events and expired registry tokens older than the retention, and the chain still verifies', async () => {
    const jane = await t.createUser();
    const expiredLongAgo = await t.issueToken(jane.id, { expires_in: 3600 });
    const revokedLive = await t.issueToken(jane.id, { expires_in: 200 * DAY });
    await t.http.delete(`/api/v1/users/${jane.id}/tokens/${revokedLive.id}`).set(t.admin()).expect(204);
    await t.advance(50 * DAY);
    const expiredLately = await t.issueToken(jane.id, { expires_in: 3600 });
    const recent = await eventsOf(jane.id);
    await t.advance(41 * DAY);

    const report = await prune();

    expect(report).toEqual({
      cutoff: new Date(t.clock.now().getTime() - 90 * DAY * 1000).toISOString(),
      retention_days: 90,
      deleted: { audit_events: expect.any(Number), tokens: expect.any(Number), sessions: expect.any(Number) },
    });
    expect(report.deleted.audit_events).toBeGreaterThanOrEqual(5);
    expect(report.deleted.tokens).toBeGreaterThanOrEqual(1);
    // Only what happened at day 50 is left of jane's events: the issue of the token that expired lately.
    expect(await eventsOf(jane.id)).toEqual([recent[0]]);
    expect(await t.registryRow(expiredLongAgo.id)).toBeNull();
    // Revoked tokens stay listed (the blacklist) until they expire and the retention more.
    const listed = await t.http.get(`/api/v1/users/${jane.id}/tokens`).set(t.admin()).expect(200);
    expect(listed.body.items.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [expiredLately.id, 'expired'],
      [revokedLive.id, 'revoked'],
    ]);
    expect(await verify()).toEqual({ ok: true, checked: await total() });
  });

  it('deletes in batches of service.audit.prune_batch_size until nothing old is left', async () => {
    await t.createUser();
    await t.createUser();
    await t.withConfig({ 'service.audit.prune_batch_size': 2 }, async () => {
      await outliveRetention();
      const before = await total();
      // The clock moved on: the login that renewed the administrator's session is the one event kept.
      const report = await prune();
      expect(report.deleted.audit_events).toBe(before - 1);
      expect(await total()).toBe(1);
    });
    expect((await verify()).ok).toBe(true);
  });

  it('logs every run with its counts', async () => {
    const log = jest.spyOn(Logger.prototype, 'log');
    await t.createUser();
    await outliveRetention();
    const report = await prune();
    expect(log).toHaveBeenCalledWith(
      `Pruned rows older than ${report.cutoff} (90 days): ${report.deleted.audit_events} audit_events, ${report.deleted.sessions} sessions, ${report.deleted.tokens} tokens`,
    );
  });

  it('verifies from the anchor: the oldest event left after pruning, deleted by hand, is still seen', async () => {
    await t.createUser();
    await outliveRetention();
    await prune();
    await t.createUser();
    const items = (await t.http.get(EVENTS).query({ per_page: 200 }).set(t.admin()).expect(200)).body.items;
    const [oldest, next] = items.slice(-2).reverse();
    const original = await t.rawAuditRow(oldest.id);
    await t.dataSource.query('DELETE FROM audit_events WHERE id = ?', [oldest.id]);
    expect(await verify()).toEqual({ ok: false, checked: 0, first_broken_id: next.id });

    await t.insertRawAuditRow(original);
    expect(await verify()).toEqual({ ok: true, checked: items.length });
  });

  describe('a prune that runs while verify walks the chain', () => {
    /** Runs a prune right after verify has read the chain head, before it reads the first rows. */
    function pruneOnceVerifyHasReadTheHead(): void {
      const transactions = t.app.get(Transactions);
      const run = transactions.run.bind(transactions);
      let pending = true;
      jest.spyOn(transactions, 'run').mockImplementation(async (work) => {
        const result = await run(work);
        if (pending) {
          pending = false;
          await prune();
        }
        return result;
      });
    }

    it('is not taken for tampering when it deletes the rows verify was about to read', async () => {
      await t.createUser();
      await outliveRetention();
      pruneOnceVerifyHasReadTheHead();
      expect(await t.app.get(AuditChainService).verify()).toEqual({ ok: true, checked: expect.any(Number) });
      expect(await verify()).toEqual({ ok: true, checked: await total() });
    });

    it('is not taken for tampering when it deletes every row verify set out to check', async () => {
      await t.createUser();
      // No new session: nothing is written after the clock moves, so every row is due.
      t.clock.advance(91 * DAY);
      pruneOnceVerifyHasReadTheHead();
      expect(await t.app.get(AuditChainService).verify()).toEqual({ ok: true, checked: 0 });
    });
  });

  it('stops at an edited event instead of pruning it away, so verify still names it', async () => {
    const jane = await t.createUser();
    await t.issueToken(jane.id);
    const [edited] = (await t.http.get(EVENTS).query({ user_id: jane.id, type: 'user_changed' }).set(t.admin())).body
      .items;
    await t.dataSource.query("UPDATE audit_events SET reason = 'forged' WHERE id = ?", [edited.id]);
    await outliveRetention();

    await prune();
    expect(await verify()).toEqual({ ok: false, checked: 0, first_broken_id: edited.id });
    await t.dataSource.query("UPDATE audit_events SET reason = 'created' WHERE id = ?", [edited.id]);
    expect((await verify()).ok).toBe(true);
    await prune();
    expect(await total()).toBe(1);
    expect((await verify()).ok).toBe(true);
  });

  it('keeps events younger than the retention', async () => {
    await outliveRetention();
    await prune();
    const jane = await t.createUser();
    await t.advance(89 * DAY);
    const report = await prune();
    expect(report.deleted.audit_events).toBe(0);
    expect((await eventsOf(jane.id)).length).toBeGreaterThan(0);
  });

  it('joins a run already under way instead of starting a second one', async () => {
    await t.createUser();
    await outliveRetention();
    const [first, second] = await Promise.all([prune(), prune()]);
    expect(second).toBe(first);
    expect(first.deleted.audit_events).toBeGreaterThan(0);
  });

  it('runs on a schedule that follows service.audit.prune_enabled and service.audit.prune_interval', async () => {
    const scheduler = t.app.get(SchedulerRegistry);
    expect(scheduler.getIntervals()).toEqual([JOB]);
    await t.withConfig({ 'service.audit.prune_enabled': false }, () => {
      expect(scheduler.getIntervals()).toEqual([]);
      return Promise.resolve();
    });
    expect(scheduler.getIntervals()).toEqual([JOB]);

    // Only intervals are faked: the server's database and HTTP keep their real timers.
    fakeIntervalsOnly();
    const run = jest.spyOn(t.app.get(Retention), 'prune');
    await t.withConfig({ 'service.audit.prune_interval': 120 }, async () => {
      jest.advanceTimersByTime(119_000);
      expect(run).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1000);
      expect(run).toHaveBeenCalledTimes(1);
      await run.mock.results[0].value;
    });
  });

  it('deletes session families, with their refresh tokens, once they ended longer ago than the retention', async () => {
    const old = await t.createUser();
    const next = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: old.refreshToken }).expect(200);
    await t.advance(30 * DAY + 50 * DAY);
    const recent = await t.http.post('/api/v1/auth/login').send({ username: old.username, password: old.password });
    await t.advance(41 * DAY);
    const report = await prune();
    expect(report.deleted.sessions).toBeGreaterThanOrEqual(1);
    const listed = await t.http.get(`/api/v1/users/${old.id}/sessions`).set(t.admin()).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([claimsOf(recent.body.access_token).fam]);
    // The pruned family's tokens are gone with it: its refresh token is simply unknown now.
    const refreshRows = await t.dataSource
      .getRepository<{ familyId: string }>('RefreshToken')
      .find({ where: { familyId: claimsOf(old.token).fam as string } });
    expect(refreshRows).toEqual([]);
    expectProblem(
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: next.body.refresh_token }),
      401,
      'invalid_grant',
    );
  });

  it('knows the token registry and the sessions as targets besides the audit log, and no target twice', () => {
    const retention = t.app.get(Retention);
    expect([...retention.targetNames()].sort()).toEqual(['audit_events', 'sessions', 'tokens']);
    expect(() => retention.register({ name: 'tokens', pruneBatch: () => Promise.resolve(0) })).toThrow(
      "A prune target named 'tokens' is already registered",
    );
  });
});
