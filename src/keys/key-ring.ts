import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { JwkDto } from './dto/jwk.dto';
import type { KeyMaterial } from './key-material';

export type TokenType = 'JWT' | 'at+jwt';

type Sign = (payload: Record<string, unknown>) => string;
export type Decoded = { header: { typ?: unknown; kid?: unknown }; payload: Record<string, unknown> };
type Verify = (token: string) => Decoded;

interface RingKey {
  material: KeyMaterial;
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
 * algorithm, so the header's `alg` never selects anything and `none` never passes. Rotation
 * will add previous keys; today the ring holds the current key only.
 */
export class KeyRing {
  private readonly keys = new Map<string, RingKey>();
  private readonly signers: Record<TokenType, Sign>;

  constructor(
    readonly current: KeyMaterial,
    previous: readonly KeyMaterial[] = [],
  ) {
    for (const material of [current, ...previous]) {
      if (this.keys.has(material.kid)) continue;
      // Time is checked by checkClaims against the injected clock, not by fast-jwt's Date.now().
      const verify = createVerifier({
        key: material.verificationKey,
        algorithms: [material.algorithm],
        ignoreExpiration: true,
        ignoreNotBefore: true,
        complete: true,
      }) as Verify;
      this.keys.set(material.kid, { material, verify });
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
   * kid the ring does not hold is a bad signature (no key of ours signed it). A token without a
   * kid is checked against the current key, as before the ring: RFC 7515 makes kid optional.
   */
  verify(token: string): Decoded {
    const kid = kidOf(token);
    const key = kid === undefined ? this.keys.get(this.current.kid) : this.keyFor(kid);
    if (!key) throw new TokenError(TokenError.codes.invalidSignature, 'No key of this server has that kid.');
    return key.verify(token);
  }

  /** RFC 7517 keys: every public key in the ring (none for HMAC), so tokens of every key can be checked. */
  jwks(): JwkDto[] {
    const keys: JwkDto[] = [];
    for (const { material } of this.keys.values()) {
      const { publicKey, kid, algorithm } = material;
      if (!publicKey) continue;
      // Node exports an RSA key as {kty, n, e}, an EC key as {kty, crv, x, y} and an Ed25519 key as
      // {kty: 'OKP', crv, x}: the three shapes of JwkDto.
      keys.push({ ...publicKey.export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' } as JwkDto);
    }
    return keys;
  }

  private keyFor(kid: unknown): RingKey | undefined {
    return typeof kid === 'string' ? this.keys.get(kid) : undefined;
  }
}
