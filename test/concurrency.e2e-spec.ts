import { bearer } from './factories';
import { useTestApp } from './fixture';

/** Requests that race for the same rows: consistent results and no 500 (deadlocks are retried on MariaDB). */
describe('concurrent writes', () => {
  const t = useTestApp();
  const admin = () => t.admin();

  it('keeps every one of several concurrent config writes to a fresh runtime layer', async () => {
    const writes = await Promise.all([
      t.http.put('/api/v1/config/service.jwt.registry_size').set(admin()).send({ value: 7 }),
      t.http.put('/api/v1/config/service.jwt.expires_in').set(admin()).send({ value: 3600 }),
      t.http.put('/api/v1/config/service.audit.retention_days').set(admin()).send({ value: 30 }),
      t.http.put('/api/v1/config/service.jwt.max_claims_bytes').set(admin()).send({ value: 1024 }),
    ]);
    expect(writes.map((w) => w.status)).toEqual([200, 200, 200, 200]);
    const ini = await t.http.get('/api/v1/configpress').set(admin()).expect(200);
    for (const line of [
      'service.jwt.registry_size = 7',
      'service.jwt.expires_in = 3600',
      'service.audit.retention_days = 30',
      'service.jwt.max_claims_bytes = 1024',
    ]) {
      expect(ini.text).toContain(line);
    }
  });

  it('lets only one of two administrators demoting each other at once succeed', async () => {
    const other = await t.createUser({ roles: ['administrator'] });
    const me = (await t.http.get('/api/v1/me').set(admin()).expect(200)).body.user.id;
    const [a, b] = await Promise.all([
      t.http.patch(`/api/v1/users/${me}`).set(admin()).send({ roles: [] }),
      t.http.patch(`/api/v1/users/${other.id}`).set(bearer(other.token)).send({ status: 'blocked' }),
    ]);
    try {
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((r) => r.status === 409)!.body.code).toBe('last_administrator');
    } finally {
      // Give the seeded administrator its role and a session back, so no other test sees this one's outcome.
      if (a.status === 200)
        await t.http
          .patch(`/api/v1/users/${me}`)
          .set(bearer(other.token))
          .send({ roles: ['administrator'] })
          .expect(200);
      await t.loginAdmin();
    }
  });
});
