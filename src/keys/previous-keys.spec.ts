import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Algorithm } from './key-material';
import { loadKeyMaterial } from './key-material';
import type { PreviousKey } from './previous-keys';
import {
  fixRetirements,
  loadPreviousKey,
  PREVIOUS_KEYS_FILE,
  readPreviousKeys,
  rotateGeneratedKey,
  writePreviousKeys,
} from './previous-keys';

const ROTATED = new Date('2026-12-02T12:00:00.000Z');
const generated = (algorithm: Algorithm, dir: string) =>
  loadKeyMaterial({ algorithm, secret: '', privateKeyPem: '', passphrase: '', publicKeyPem: '' }, dir, true);

describe('previous generated keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jam-previous-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are none before the first rotation', () => {
    expect(readPreviousKeys(dir)).toEqual([]);
  });

  it.each<Algorithm>(['HS256', 'RS256', 'ES384', 'EdDSA'])(
    'rotating a %s key makes a new key current and lists the old one, retirement not fixed yet',
    (algorithm) => {
      const old = generated(algorithm, dir);
      rotateGeneratedKey(dir, old, ROTATED);
      const current = generated(algorithm, dir);
      expect(current.kid).not.toBe(old.kid);
      const [previous] = readPreviousKeys(dir);
      expect(previous).toEqual({
        kid: old.kid,
        algorithm,
        file: `jwt-previous-${old.kid}.${algorithm === 'HS256' ? 'key' : 'pem'}`,
        rotated_at: ROTATED.toISOString(),
        retire_after: null,
      });
      expect(loadPreviousKey(dir, previous)).toMatchObject({
        kid: old.kid,
        algorithm,
        verificationKey: old.verificationKey,
      });
      for (const file of readdirSync(dir))
        expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);
    },
  );

  it('keeps only the public half of an asymmetric previous key: it verifies and never signs again', () => {
    const old = generated('RS256', dir);
    rotateGeneratedKey(dir, old, ROTATED);
    const text = readFileSync(join(dir, readPreviousKeys(dir)[0].file), 'utf8');
    expect(text).toBe(old.verificationKey);
    expect(text).not.toContain('PRIVATE');
  });

  it('keeps every earlier key through several rotations', () => {
    const kids = [];
    for (let i = 0; i < 3; i++) {
      const key = generated('ES256', dir);
      kids.push(key.kid);
      rotateGeneratedKey(dir, key, ROTATED);
    }
    expect(readPreviousKeys(dir).map((key) => key.kid)).toEqual(kids);
    expect(new Set([...kids, generated('ES256', dir).kid]).size).toBe(4);
  });

  it('fixes the retirement of the keys that have none, and leaves fixed ones as they are', () => {
    const fixed: PreviousKey = {
      kid: 'a',
      algorithm: 'HS256',
      file: 'jwt-previous-a.key',
      rotated_at: '2026-01-01T00:00:00.000Z',
      retire_after: '2026-01-02T00:05:00.000Z',
    };
    const pending: PreviousKey = { ...fixed, kid: 'b', file: 'jwt-previous-b.key', retire_after: null };
    expect(fixRetirements([fixed, pending], ROTATED, null)).toEqual([
      fixed,
      { ...pending, retire_after: '2026-12-03T12:05:00.000Z' },
    ]);
  });

  it.each([
    ['not JSON', '{'],
    ['not a list', '{}'],
    [
      'an entry without kid',
      '[{"algorithm":"HS256","file":"jwt-previous-a.key","rotated_at":"2026-01-01T00:00:00Z","retire_after":null}]',
    ],
    [
      'a file outside the data directory',
      '[{"kid":"a","algorithm":"HS256","file":"../a.key","rotated_at":"2026-01-01T00:00:00Z","retire_after":null}]',
    ],
    [
      'an unknown algorithm',
      '[{"kid":"a","algorithm":"none","file":"jwt-previous-a.key","rotated_at":"2026-01-01T00:00:00Z","retire_after":null}]',
    ],
    [
      'a retirement that is no time',
      '[{"kid":"a","algorithm":"HS256","file":"jwt-previous-a.key","rotated_at":"2026-01-01T00:00:00Z","retire_after":"soon"}]',
    ],
  ])('refuses a list that is %s', (_case, text) => {
    writeFileSync(join(dir, PREVIOUS_KEYS_FILE), text);
    expect(() => readPreviousKeys(dir)).toThrow(
      `${join(dir, PREVIOUS_KEYS_FILE)} is not a list of previous signing keys`,
    );
  });

  it('refuses a previous key file that holds another key than its kid says', () => {
    const old = generated('HS256', dir);
    rotateGeneratedKey(dir, old, ROTATED);
    const [previous] = readPreviousKeys(dir);
    writePreviousKeys(dir, [{ ...previous, kid: 'someone-else' }]);
    expect(() => loadPreviousKey(dir, readPreviousKeys(dir)[0])).toThrow(
      `${previous.file} does not hold the key someone-else`,
    );
  });
});
