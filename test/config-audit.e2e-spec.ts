import { AuditService } from '../src/audit/audit.service';
import type { AuditRow } from './fixture';
import { useTestApp } from './fixture';

describe('audit of runtime configuration changes', () => {
  const t = useTestApp();
  let adminId: string;

  beforeAll(async () => {
    adminId = (await t.http.get('/api/v1/me').set(t.admin()).expect(200)).body.user.id;
  });
  afterEach(() => jest.restoreAllMocks());

  const admin = () => t.admin();
  const configEvents = () => t.auditEvents({ type: 'config_changed' });

  /** The config_changed rows a step writes (the fake clock stands still, so rows are told apart by what came before). */
  async function recordedBy(step: () => Promise<unknown>): Promise<AuditRow[]> {
    const before = new Set((await configEvents()).map((e) => e.id));
    await step();
    return (await configEvents()).filter((e) => !before.has(e.id));
  }

  it('records who set which option to what, in the row format of the audit log', async () => {
    const recorded = await recordedBy(() =>
      t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 4 }).expect(200),
    );
    await t.http.delete('/api/v1/config/service.jwt.registry_size').set(admin()).expect(204);
    expect(recorded).toEqual([
      expect.objectContaining({
        actorId: adminId,
        userId: null,
        ip: null,
        jti: null,
        reason: null,
        detail: { keys: ['service.jwt.registry_size'], values: { 'service.jwt.registry_size': 4 } },
      }),
    ]);
  });

  it('records a reset to the lower layer as null', async () => {
    await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 6 }).expect(200);
    const recorded = await recordedBy(() =>
      t.http.delete('/api/v1/config/service.jwt.registry_size').set(admin()).expect(204),
    );
    expect(recorded).toEqual([
      expect.objectContaining({
        actorId: adminId,
        detail: { keys: ['service.jwt.registry_size'], values: { 'service.jwt.registry_size': null } },
      }),
    ]);
  });

  it('records nothing for a write that changes nothing', async () => {
    await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 4 }).expect(200);
    const recorded = await recordedBy(async () => {
      await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: '4' }).expect(200);
      await t.http
        .put('/api/v1/configpress')
        .set(admin())
        .set('content-type', 'text/plain')
        .send('[aam]\nservice.jwt.registry_size = 4\n')
        .expect(200);
      await t.http.delete('/api/v1/config/service.jwt.expires_in').set(admin()).expect(204);
    });
    await t.http.delete('/api/v1/config/service.jwt.registry_size').set(admin()).expect(204);
    expect(recorded).toEqual([]);
  });

  it('keeps the change out when its audit row cannot be written', async () => {
    const option = () => t.http.get('/api/v1/config/service.jwt.registry_size').set(admin()).expect(200);
    const before = (await option()).body;
    jest.spyOn(t.app.get(AuditService), 'record').mockRejectedValueOnce(new Error('audit store unavailable'));
    await t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 7 }).expect(500);

    expect((await option()).body).toEqual(before);
  });
});
