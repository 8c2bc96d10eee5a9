import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';
import { bearer } from './factories';

/**
 * Nothing about verification is process-wide: each app checks tokens with its own key and its
 * own clock, whichever app started last (a worker, a test or a second tenant in one process).
 */
describe('two apps in one process', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ SERVICE_JWT_SIGNING_SECRET: 'the-first-app-secret-is-long-enough-1' });
    second = await startTestApp({ SERVICE_JWT_SIGNING_SECRET: 'the-second-app-secret-is-long-enough-2' });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('each accepts its own tokens', async () => {
    await first.http.get('/api/v1/me').set(bearer(first.adminToken)).expect(200);
    await second.http.get('/api/v1/me').set(bearer(second.adminToken)).expect(200);
  });

  it("each refuses the other's tokens as a bad signature", async () => {
    const onFirst = await first.http.get('/api/v1/me').set(bearer(second.adminToken)).expect(401);
    const onSecond = await second.http.get('/api/v1/me').set(bearer(first.adminToken)).expect(401);
    expect([onFirst.body.code, onSecond.body.code]).toEqual(['invalid_token', 'invalid_token']);
    expect(onFirst.body.detail).toBe('The token signature is invalid.');
  });

  it('each checks expiry on its own clock', async () => {
    first.clock.advance(3600);
    try {
      const expired = await first.http.get('/api/v1/me').set(bearer(first.adminToken)).expect(401);
      expect(expired.body.code).toBe('token_expired');
      await second.http.get('/api/v1/me').set(bearer(second.adminToken)).expect(200);
    } finally {
      first.clock.advance(-3600);
    }
  });
});
