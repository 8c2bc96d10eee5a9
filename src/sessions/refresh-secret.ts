import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: 256 random bits, base64url, behind a prefix. The prefix makes one
 * recognisable to secret scanners and impossible to mistake for a JWT (it has no dots), so a
 * refresh token can never pass as an access token nor the other way round (RFC 8725 §3.12).
 */
const PREFIX = 'jam_rt_';
const SECRET_BYTES = 32;
export const REFRESH_TOKEN_PATTERN = /^jam_rt_[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/** Whether `raw` has the shape of a refresh token; says nothing about whether one exists. */
export function isWellFormedRefreshToken(raw: unknown): raw is string {
  return typeof raw === 'string' && REFRESH_TOKEN_PATTERN.test(raw);
}

/**
 * What the database keeps instead of the token: its SHA-256. The token has 256 random bits, so
 * a fast hash is enough (no dictionary to try), and the lookup is by hash, so no comparison of
 * raw values can leak through timing which tokens exist.
 */
export function hashRefreshToken(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(raw: string, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', raw, context, 'jwt-access-manager refresh retry', 32));
}

/**
 * Encrypts `plain` (the pair that replaced a refresh token) under a key derived from that
 * spent token itself: only a client that holds the spent token can read it back, which is what
 * a retry inside the reuse interval needs, while the database alone reveals nothing.
 * `context` (the family id) binds the ciphertext to its row. AES-256-GCM; iv, tag and
 * ciphertext in one base64url string.
 */
export function sealWith(raw: string, context: string, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(raw, context), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plaintext of `sealWith`, or undefined when `raw` or `context` is not the one it was sealed with. */
export function unsealWith(raw: string, context: string, sealed: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(raw, context), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
