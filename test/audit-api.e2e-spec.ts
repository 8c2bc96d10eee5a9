import { bearer } from './factories';
import { errorFields, expectProblem } from './factories/problem';
import type { TestFixture } from './fixture';
import { claimsOf, useTestApp } from './fixture';

const EVENTS = '/api/v1/audit-events';
const VERIFY = '/api/v1/audit-events/verify';

/** The raw row of an audit event, as the table holds it (for putting back what a test tampered with). */
type RawRow = Record<string, unknown>;

describe('the audit API (GET /audit-events)', () => {
  const t = useTestApp();
  const list = (query: Record<string, string | number> = {}) => t.http.get(EVENTS).query(query).set(t.admin());

  it('lists the events of a user newest first, paginated, rows of one instant in the order they happened', async () => {
    const jane = await t.createUser();
    const issued = [];
    for (let i = 0; i < 3; i += 1) issued.push(await t.issueToken(jane.id));

    const all = await list({ user_id: jane.id, type: 'token_issued' }).expect(200);
    expect(all.body).toMatchObject({ page: 1, per_page: 50, total: 3 });
    expect(all.body.items.map((e: { jti: string }) => e.jti)).toEqual(issued.map((i) => i.id).reverse());

    const second = await list({ user_id: jane.id, type: 'token_issued', per_page: 1, page: 2 }).expect(200);
    expect(second.body).toEqual({ items: [all.body.items[1]], page: 2, per_page: 1, total: 3 });
  });

  it('answers each event with who, whom, when and from where; jti and reason only where the event has them', async () => {
    const jane = await t.createUser();
    const issued = await t.issueToken(jane.id);
    await t.http.delete(`/api/v1/users/${jane.id}/tokens/${issued.id}`).set(t.admin()).expect(204);

    const [login] = (await list({ user_id: jane.id, type: 'login_succeeded' }).expect(200)).body.items;
    expect(login).toEqual({
      id: expect.any(String),
      type: 'login_succeeded',
      at: t.clock.now().toISOString(),
      user_id: jane.id,
      actor_id: jane.id,
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      detail: { family_id: claimsOf(jane.token).fam },
    });
    const [revoked] = (await list({ user_id: jane.id, type: 'token_revoked' }).expect(200)).body.items;
    expect(revoked).toEqual({
      id: expect.any(String),
      type: 'token_revoked',
      at: t.clock.now().toISOString(),
      user_id: jane.id,
      actor_id: t.adminId(),
      ip: null,
      jti: issued.id,
      reason: 'revoked',
      detail: {},
    });
  });

  it('filters by time, since and until both inclusive', async () => {
    const jane = await t.createUser();
    const first = t.clock.now().toISOString();
    await t.issueToken(jane.id);
    t.clock.advance(10);
    const second = t.clock.now().toISOString();
    await t.issueToken(jane.id);
    const times = async (query: Record<string, string>) =>
      (await list({ user_id: jane.id, type: 'token_issued', ...query }).expect(200)).body.items.map(
        (e: { at: string }) => e.at,
      );

    expect(await times({})).toEqual([second, first]);
    expect(await times({ since: second })).toEqual([second]);
    expect(await times({ until: first })).toEqual([first]);
    expect(await times({ since: first, until: first })).toEqual([first]);
    // The same instants written with an offset.
    const later = new Date(Date.parse(first) + 1).toISOString().replace('Z', '+00:00');
    expect(await times({ since: later })).toEqual([second]);
  });

  it('filters by type across users', async () => {
    const jane = await t.createUser();
    await t.http.post('/api/v1/auth/login').send({ username: jane.username, password: 'Wrong-password-4' }).expect(401);
    const failed = (await list({ type: 'login_failed', per_page: 200 }).expect(200)).body.items;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e: { type: string }) => e.type === 'login_failed')).toBe(true);
    expect(failed[0]).toMatchObject({ user_id: jane.id, reason: 'invalid_credentials' });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['an unknown type', { type: 'token_stolen' }, ['type']],
    ['a date without a time', { since: '2026-12-01' }, ['since']],
    ['a time without an offset', { until: '2026-12-01T10:00:00' }, ['until']],
    ['a day the month does not have', { since: '2026-02-30T00:00:00Z' }, ['since']],
    ['until before since', { since: '2026-12-02T00:00:00Z', until: '2026-12-01T23:59:59Z' }, ['until']],
    ['an empty user id', { user_id: '' }, ['user_id']],
    ['a page size above 200', { per_page: '201' }, ['per_page']],
    ['an unknown parameter', { actor: 'x' }, ['actor']],
    ['every bad field at once', { type: 'x', since: 'yesterday', page: '0' }, ['page', 'since', 'type']],
  ])('refuses %s with 400 naming the field', async (_case, query, fields) => {
    const answer = await list(query);
    expectProblem(answer, 400, 'validation_failed');
    expect(errorFields(answer)).toEqual(fields);
  });

  it('refuses a filter given twice', async () => {
    const answer = await t.http.get(`${EVENTS}?type=login_failed&type=login_succeeded`).set(t.admin());
    expectProblem(answer, 400, 'validation_failed');
    expect(errorFields(answer)).toEqual(['type']);
  });

  it('is for administrators: a user is refused with 403 naming List on AuditLog, also for its own events', async () => {
    const jane = await t.createUser();
    const answer = await t.http.get(EVENTS).query({ user_id: jane.id }).set(bearer(jane.token));
    expectProblem(answer, 403, 'access_denied');
    expect(answer.body.detail).toContain("'List' on 'AuditLog'");
    const verify = await t.http.get(VERIFY).set(bearer(jane.token));
    expectProblem(verify, 403, 'access_denied');
    expect(verify.body.detail).toContain("'Read' on 'AuditLog'");
  });

  it('needs a bearer token', async () => {
    expectProblem(await t.http.get(EVENTS), 401, 'invalid_token');
    expectProblem(await t.http.get(VERIFY), 401, 'invalid_token');
  });
});

describe('the tamper-evident audit log (GET /audit-events/verify)', () => {
  const t = useTestApp();
  const verify = async () => (await t.http.get(VERIFY).set(t.admin()).expect(200)).body;
  const total = async () => (await t.http.get(EVENTS).set(t.admin()).expect(200)).body.total as number;
  /** Events newest first. */
  const newest = async (count: number): Promise<{ id: string }[]> =>
    (await t.http.get(EVENTS).query({ per_page: count }).set(t.admin()).expect(200)).body.items;

  const rawRow = (id: string) => t.rawAuditRow(id);
  const putBack = (row: RawRow) => t.insertRawAuditRow(row);
  const someEvents = async (fixture: TestFixture) => {
    const jane = await fixture.createUser();
    for (let i = 0; i < 3; i += 1) await fixture.issueToken(jane.id);
    return jane;
  };

  it('finds the chain whole, having checked every event', async () => {
    await someEvents(t);
    expect(await verify()).toEqual({ ok: true, checked: await total() });
  });

  it('keeps finding it whole when the database hands the detail back with its keys in another order', async () => {
    await t.withConfig({ 'service.jwt.registry_size': 5 }, async () => {
      const [change] = await newest(1);
      const { detail } = await rawRow(change.id);
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(detail as string)).reverse()));
      expect(reordered).not.toBe(detail);
      await t.dataSource.query('UPDATE audit_events SET detail = ? WHERE id = ?', [reordered, change.id]);
      expect(await verify()).toEqual({ ok: true, checked: await total() });
    });
  });

  it.each<[string, string, (row: RawRow) => unknown]>([
    ['reason', 'reason', () => 'forged'],
    ['detail', 'detail', () => '{"expires_at":"2099-01-01T00:00:00.000Z"}'],
    ['actor', 'actor_id', () => null],
  ])(
    'names an event whose %s was edited by hand, and is whole again once it is put back',
    async (_what, column, value) => {
      await someEvents(t);
      const [, edited] = await newest(3);
      const original = await rawRow(edited.id);
      await t.dataSource.query(`UPDATE audit_events SET ${column} = ? WHERE id = ?`, [value(original), edited.id]);
      expect(await verify()).toEqual({ ok: false, checked: expect.any(Number), first_broken_id: edited.id });

      await t.dataSource.query('DELETE FROM audit_events WHERE id = ?', [edited.id]);
      await putBack(original);
      expect((await verify()).ok).toBe(true);
    },
  );

  it('names the event after one deleted by hand', async () => {
    await someEvents(t);
    const [, after, deleted] = await newest(3);
    const original = await rawRow(deleted.id);
    const before = await total();
    await t.dataSource.query('DELETE FROM audit_events WHERE id = ?', [deleted.id]);
    expect(await verify()).toEqual({ ok: false, checked: before - 3, first_broken_id: after.id });

    await putBack(original);
    expect(await verify()).toEqual({ ok: true, checked: before });
  });

  it('sees the newest event deleted, though no event is left to name', async () => {
    await someEvents(t);
    const [deleted] = await newest(1);
    const original = await rawRow(deleted.id);
    const before = await total();
    await t.dataSource.query('DELETE FROM audit_events WHERE id = ?', [deleted.id]);
    expect(await verify()).toEqual({ ok: false, checked: before - 1 });

    await putBack(original);
    expect(await verify()).toEqual({ ok: true, checked: before });
  });

  it('names an event inserted by hand outside the chain', async () => {
    const [latest] = await newest(1);
    const forged = { ...(await rawRow(latest.id)), id: 'forged-event', seq: 1_000_000 };
    await putBack(forged);
    expect(await verify()).toEqual({ ok: false, checked: expect.any(Number), first_broken_id: 'forged-event' });
    await t.dataSource.query('DELETE FROM audit_events WHERE id = ?', ['forged-event']);
    expect((await verify()).ok).toBe(true);
  });

  it('keeps one chain when many requests write events at once', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => t.createUser()));
    const before = await total();
    const answers = await Promise.all([
      ...users.flatMap((user) => [1, 2, 3].map(() => t.http.post(`/api/v1/users/${user.id}/tokens`).set(t.admin()))),
      ...users.flatMap((user) =>
        [1, 2].map(() => t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password })),
      ),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(8).fill(200), ...Array(12).fill(201)]);
    expect(await total()).toBe(before + 20);
    expect(await verify()).toEqual({ ok: true, checked: before + 20 });
  });
});
