import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNAPSHOT_TTL_MS } from '../src/policies/policy-snapshot';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import type { TestDatabase } from './database';
import { createSharedTestDatabase } from './database';
import { bearer, createUser } from './factories';

const LIST_USERS = { Statement: { Effect: 'allow', Resource: 'User:*', Action: 'List' } };

/**
 * Two instances on one database: the one that changes a policy applies it to its very next
 * request; the other holds its snapshot for at most SNAPSHOT_TTL_MS and then sees the change.
 */
describe('policy changes across instances', () => {
  let database: TestDatabase;
  let directory: string;
  let writer: TestApp;
  let reader: TestApp;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'jam-instances-'));
    database = await createSharedTestDatabase(directory);
    const env = { DATABASE_URL: database.url, SERVICE_JWT_SIGNING_SECRET: 'one-secret-for-both-instances-of-it' };
    writer = await startTestApp(env);
    reader = await startTestApp(env);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('the other instance applies an attachment within the snapshot lifetime', async () => {
    const user = await createUser(writer);
    const policy = await writer.http
      .post('/api/v1/policies')
      .set(bearer(writer.adminToken))
      .send({ name: 'instances-list', document: LIST_USERS })
      .expect(201);
    await writer.http
      .put(`/api/v1/users/${user.id}/policies/${policy.body.id}`)
      .set(bearer(writer.adminToken))
      .expect(204);

    await writer.http.get('/api/v1/users').set(bearer(user.token)).expect(200);
    await reader.http.get('/api/v1/users').set(bearer(user.token)).expect(403);

    reader.clock.advance(SNAPSHOT_TTL_MS / 1000 + 1);
    await reader.http.get('/api/v1/users').set(bearer(user.token)).expect(200);
  });
});
