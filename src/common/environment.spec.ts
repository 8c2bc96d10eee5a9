import { ServerEnvironment } from './environment';

describe('ServerEnvironment', () => {
  it('uses the defaults when nothing is set', () => {
    const env = new ServerEnvironment({});
    expect(env).toMatchObject({ port: 3000, adminUsername: 'admin', logLevel: 'info' });
    expect(env.databaseUrl).toMatch(/^sqlite:.*data\/jwt-access-manager\.sqlite$/);
  });

  it('stores ADMIN_USERNAME lower-case, as logins look it up', () => {
    expect(new ServerEnvironment({ ADMIN_USERNAME: ' Root.Admin ' }).adminUsername).toBe('root.admin');
  });

  it.each(['ad', 'has space', 'admin@example.com', 'x'.repeat(65)])('refuses ADMIN_USERNAME %p at start-up', (name) => {
    expect(() => new ServerEnvironment({ ADMIN_USERNAME: name })).toThrow(/ADMIN_USERNAME/);
  });

  it.each(['abc', '-1', '70000', '1.5'])('refuses PORT %p at start-up', (port) => {
    expect(() => new ServerEnvironment({ PORT: port })).toThrow(/PORT/);
  });
});
