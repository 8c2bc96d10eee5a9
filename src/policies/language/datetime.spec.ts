import { compileDateFormat } from './datetime';

describe('DATETIME formats', () => {
  const sunday = new Date('2026-03-08T07:05:09Z');
  it.each<[string, string]>([
    ['Y-m-d', '2026-03-08'],
    ['Y/n/j', '2026/3/8'],
    ['H:i:s', '07:05:09'],
    ['G', '7'],
    ['D', 'Sun'],
    ['N', '7'],
    ['U', `${sunday.getTime() / 1000}`],
    ['\\T', '\\T'],
  ])('%s → %s', (format, expected) => {
    expect(compileDateFormat(format)(sunday)).toBe(expected);
  });

  it("writes UTC whatever the server's time zone", () => {
    // Jest's sandbox ignores a change of TZ, so the local-time getters stand for another zone.
    const local = ['getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds'] as const;
    const spies = local.map((name) => jest.spyOn(Date.prototype, name).mockReturnValue(1));
    try {
      expect(compileDateFormat('Y-m-d H:i:s D')(new Date('2026-03-08T23:04:05Z'))).toBe('2026-03-08 23:04:05 Sun');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
