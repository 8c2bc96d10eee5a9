import { ServerEnvironment } from './environment';

describe('ServerEnvironment values', () => {
  it.each([
    ['0', 0],
    ['65535', 65535],
  ])('accepts PORT=%s, the edge of the range', (port, expected) => {
    expect(new ServerEnvironment({ PORT: port }).port).toBe(expected);
  });

  it.each(['-1', '65536', '80.5', 'http'])('refuses PORT=%s', (port) => {
    expect(() => new ServerEnvironment({ PORT: port })).toThrow(`PORT must be a port number, got '${port}'`);
  });

  it('listens on every address unless HOST says otherwise', () => {
    expect(new ServerEnvironment({}).host).toBe('0.0.0.0');
    expect(new ServerEnvironment({ HOST: '' }).host).toBe('0.0.0.0');
    expect(new ServerEnvironment({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it.each([
    ['REDIS_URL', 'redisUrl', 'redis://127.0.0.1:6379'],
    ['CONFIGPRESS_FILE', 'configPressFile', '/etc/jam.ini'],
    ['ADMIN_PASSWORD', 'adminPassword', 'a-chosen-password'],
  ] as const)('reads %s when set and treats an empty value as unset', (name, field, value) => {
    expect(new ServerEnvironment({ [name]: value })[field]).toBe(value);
    expect(new ServerEnvironment({ [name]: '' })[field]).toBeUndefined();
    expect(new ServerEnvironment({})[field]).toBeUndefined();
  });
});
