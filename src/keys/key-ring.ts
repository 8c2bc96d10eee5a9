import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { JwkDto } from './dto/jwk.dto';
import type { KeyMaterial } from './key-material';

export type TokenType = 'JWT' | 'at+jwt';

type Sign = (payload: Record<string, unknown>) => string;
export type Decoded = { header: { typ?: unknown; kid?: unknown }; payload: Record<string, unknown> };
type Verify = (token: string) => Decoded;

/** A key that only verifies, until `retiresAt` (epoch ms; never while absent). */
export interface VerifyingKey {
  material: KeyMaterial;
  retiresAt?: number;
}

interface RingKey extends VerifyingKey {
  verify: Verify;
}

/** A token's `kid` header, if its header can be read; verification reports what else is wrong with it. */
function kidOf(token: string): unknown {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as { kid?: unknown }).kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The keys that sign and verify: the current key signs; it and the previous keys verify, each
 * found by the token's `kid`, with its own prepared fast-jwt verifier pinned to that key's
 * algorithm, so the header's `alg` never selects anything and `none` never passes. A previous key
 * verifies until it retires (when every token it signed has expired, `retirement.ts`); from then
 * on its kid is one the ring does not hold.
 */
export class KeyRing {
  private readonly keys = new Map<string, RingKey>();
  private readonly signers: Record<TokenType, Sign>;

  constructor(
    readonly current: KeyMaterial,
    previous: readonly VerifyingKey[] = [],
  ) {
    for (const { material, retiresAt } of [{ material: current }, ...previous]) {
      if (this.keys.has(material.kid)) continue;
      // Time is checked by checkClaims against the injected clock, not by fast-jwt's Date.now().
      const verify = createVerifier({
        key: material.verificationKey,
        algorithms: [material.algorithm],
        ignoreExpiration: true,
        ignoreNotBefore: true,
        complete: true,
      }) as Verify;
      this.keys.set(material.kid, { material, retiresAt, verify });
    }
    const signer = (typ: TokenType) =>
      createSigner({
        key: current.signingKey,
        algorithm: current.algorithm,
        kid: current.kid,
        header: { alg: current.algorithm, typ },
      });
    this.signers = { JWT: signer('JWT'), 'at+jwt': signer('at+jwt') };
  }

  sign(claims: Record<string, unknown>, type: TokenType): string {
    return this.signers[type](claims);
  }

  /**
   * Checks the signature with the key the token's `kid` names; throws fast-jwt's TokenError. A
   * kid the ring does not hold, or of a key retired at `nowMs`, is a bad signature (no key of
   * ours signed it). A token without a kid is checked against the current key, as before the
   * ring: RFC 7515 makes kid optional.
   */
  verify(token: string, nowMs: number): Decoded {
    const kid = kidOf(token);
    const key = kid === undefined ? this.keys.get(this.current.kid) : this.keyFor(kid, nowMs);
    if (!key) throw new TokenError(TokenError.codes.invalidSignature, 'No key of this server has that kid.');
    return key.verify(token);
  }

  /** RFC 7517 keys: every public key in the ring not retired at `nowMs` (none for HMAC), so tokens of every key can be checked. */
  jwks(nowMs: number): JwkDto[] {
    const keys: JwkDto[] = [];
    for (const key of this.keys.values()) {
      const { publicKey, kid, algorithm } = key.material;
      if (!publicKey || isRetired(key, nowMs)) continue;
      // Node exports an RSA key as {kty, n, e}, an EC key as {kty, crv, x, y} and an Ed25519 key as
      // {kty: 'OKP', crv, x}: the three shapes of JwkDto.
      keys.push({ ...publicKey.export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' } as JwkDto);
    }
    return keys;
  }

  private keyFor(kid: unknown, nowMs: number): RingKey | undefined {
    const key = typeof kid === 'string' ? this.keys.get(kid) : undefined;
    return key && !isRetired(key, nowMs) ? key : undefined;
  }
}

const isRetired = (key: VerifyingKey, nowMs: number) => key.retiresAt !== undefined && nowMs >= key.retiresAt;
