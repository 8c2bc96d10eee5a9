import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from './app.factory';
import { bearer, createUser, issueToken } from './factories';

describe('a restart', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jam-restart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['HS256', 'RS256'])(
    'keeps accepting tokens issued before it with a generated %s key (same data directory, same database)',
    async (algorithm) => {
      const env = {
        DATA_DIR: join(dir, algorithm),
        DATABASE_URL: `sqlite:${join(dir, algorithm, 'db.sqlite')}`,
        SERVICE_JWT_SIGNING_ALGORITHM: algorithm,
      };
      const first = await startTestApp(env);
      const jane = await createUser(first);
      const issued = await issueToken(first, jane.id, { additional_claims: { team: 'blue' } });
      await first.close();

      const second = await startTestApp(env);
      try {
        await second.http.get('/api/v1/me').set(bearer(issued.token)).expect(200);
        await second.http.get('/api/v1/me').set(bearer(jane.token)).expect(200);
        const viewed = await second.http
          .get(`/api/v1/users/${jane.id}/tokens/${issued.id}?fields=token`)
          .set(bearer(second.adminToken))
          .expect(200);
        expect(viewed.body.token).toBe(issued.token);
      } finally {
        await second.close();
      }
    },
  );
});
