import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { TokenError } from 'fast-jwt';
import type { TokenClaims } from '../common/token-claims';
import { checkClaims } from './claims-check';
import type { JwkSetDto } from './dto/jwk.dto';
import { Clock } from '../common/clock';
import { AuthenticationError } from '../common/errors';
import { OptionKey } from '../config/catalogue';
import { ConfigService } from '../config/config.service';
import { ServerEnvironment } from '../common/environment';
import { ConfiguredKeys, readConfiguredKeys } from './configured-keys';
import { Algorithm, hmacMaterial, KeySettings, loadKeyMaterial, verificationMaterial } from './key-material';
import { Decoded, KeyRing, TokenType, VerifyingKey } from './key-ring';
import {
  fixRetirements,
  loadPreviousKey,
  readPreviousKeys,
  rotateGeneratedKey,
  writePreviousKeys,
} from './previous-keys';

const KEY_OPTIONS: OptionKey[] = [
  'service.jwt.signing_algorithm',
  'service.jwt.signing_secret',
  'service.jwt.private_cert_path',
  'service.jwt.private_cert_passphrase',
  'service.jwt.public_cert_path',
  'service.jwt.verification_secret',
  'service.jwt.verification_cert_path',
];

/** The configured key that only verifies (rotation of configured keys): an HMAC secret, or a PEM key's text. */
interface VerificationSettings {
  secret: string;
  pem: string;
}

type Settings = { settings: KeySettings; verification: VerificationSettings; problems: ConfiguredKeys['problems'] };

/** A failure of `keys rotate` the operator can act on. */
export class KeyRotationError extends Error {}

/** RFC 9068: access tokens say `at+jwt` (the media type, case-insensitive, "application/" optional); registry tokens say JWT. */
const TYP_OF_USE: Record<string, string> = { access: 'at+jwt', api: 'jwt' };
const typOf = (header: { typ?: unknown }) =>
  typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;

/**
 * Signs with the configured key and verifies through the key ring (`key-ring.ts`: each key found
 * by kid, its algorithm pinned; the token's `alg` header never selects anything, and `none` is
 * never accepted). fast-jwt keeps each prepared key, which matters on the hot path (a string
 * secret handed to jsonwebtoken is ~45x slower).
 */
@Injectable()
export class SigningService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Signing');
  private ring: KeyRing;
  private latestRegistryExpiry: () => Promise<Date | null> = () => Promise.resolve(null);

  constructor(
    private readonly config: ConfigService,
    private readonly env: ServerEnvironment,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const current = (key: OptionKey) => this.config.get(key);
    const { settings, verification, problems } = await this.settings(current);
    this.refuseBadKeyPathsAtStart(problems);
    this.load(settings, verification);
    // A runtime change must name a key that already exists: generating one here would give each
    // instance sharing the database its own key (and write files for a change that may be refused).
    this.config.addValidator(async (candidate) => {
      const { settings, verification, problems } = await this.settings((key) => candidate.get(key));
      if (problems.length) return problems.map((p) => p.message);
      try {
        loadKeyMaterial(settings, this.env.dataDir, false);
        this.verifyingKeys(settings.algorithm, verification);
        return [];
      } catch (error) {
        return [`signing key: ${(error as Error).message}`];
      }
    });
    this.config.onChange(async (changed) => {
      if (!changed.some((key) => KEY_OPTIONS.includes(key))) return;
      try {
        const { settings, verification, problems } = await this.settings(current);
        if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
        this.load(settings, verification);
      } catch (error) {
        // Only reachable through another instance's change, or a key file changed since it was
        // checked; keep signing with the key that works.
        this.logger.error(
          `Keeping the current signing key: the configured one cannot be loaded (${(error as Error).message})`,
        );
      }
    });
  }

  /**
   * A server's start ends the signing of every key rotated out since the last one (the server
   * that ran before it signed with them until it stopped), so it fixes when they retire. The
   * operator CLI does not: a server may still be running beside it with the old key.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.servesTokens) return;
    const dataDir = this.env.dataDir;
    const previous = readPreviousKeys(dataDir);
    const pending = previous.filter((key) => key.retire_after === null).map((key) => key.kid);
    if (!pending.length) return;
    const fixed = fixRetirements(previous, this.clock.now(), await this.latestRegistryExpiry());
    writePreviousKeys(dataDir, fixed);
    await this.reload();
    for (const key of fixed.filter(({ kid }) => pending.includes(kid)))
      this.logger.log(`Previous signing key ${key.kid} verifies the tokens it signed until ${key.retire_after}`);
  }

  /** Where the registry's furthest expiry comes from: the tokens module knows it, this layer does not. */
  countRegistryExpiry(latest: () => Promise<Date | null>): void {
    this.latestRegistryExpiry = latest;
  }

  /**
   * `keys rotate`: a new generated key becomes the current one, the old one a previous key that
   * keeps verifying. Configured keys are rotated by configuration (README, "Key rotation").
   */
  async rotate(): Promise<{ previousKid: string; currentKid: string }> {
    const { settings, verification, problems } = await this.settings((key) => this.config.get(key));
    if (problems.length) throw new KeyRotationError(problems.map((p) => p.message).join('\n'));
    const hmac = settings.algorithm.startsWith('HS');
    if (hmac ? settings.secret : settings.privateKeyPem)
      throw new KeyRotationError(
        `The signing key is configured (${hmac ? 'service.jwt.signing_secret' : 'service.jwt.private_cert_path'}), ` +
          'not generated: rotate it in the configuration of every instance (README, "Key rotation").',
      );
    const previousKid = this.kid;
    rotateGeneratedKey(this.env.dataDir, this.ring.current, this.clock.now());
    this.load(settings, verification);
    return { previousKid, currentKid: this.kid };
  }

  /** The current signing key's id. */
  get kid(): string {
    return this.ring.current.kid;
  }

  get algorithm(): Algorithm {
    return this.ring.current.algorithm;
  }

  sign(claims: TokenClaims, type: TokenType): string {
    return this.ring.sign(claims, type);
  }

  /** Signature, then shape, issuer, audience and time; throws a 401 error naming what failed. */
  verify(token: string): TokenClaims {
    let decoded: Decoded;
    try {
      decoded = this.ring.verify(token, this.clock.now().getTime());
    } catch (error) {
      throw new AuthenticationError('invalid_token', describe(error));
    }
    const { header, payload } = decoded;
    const failure = checkClaims(payload, {
      nowSeconds: this.clock.nowSeconds(),
      toleranceSeconds: this.config.get('service.jwt.clock_tolerance'),
      issuer: this.config.get('service.jwt.issuer'),
      audience: this.config.get('service.jwt.audience'),
    });
    if (failure) throw new AuthenticationError(failure.code, failure.detail);
    if (typOf(header) !== TYP_OF_USE[payload.token_use as string])
      throw new AuthenticationError('invalid_token', 'The token type (typ) does not match its use.');
    return payload as TokenClaims;
  }

  /** RFC 7517 key set: every public key in the ring not yet retired, nothing for HMAC. */
  jwks(): JwkSetDto {
    return { keys: this.ring.jwks(this.clock.now().getTime()) };
  }

  /** The key options of a configuration, with the key files it names read and checked. */
  private async settings(get: (key: OptionKey) => unknown): Promise<Settings> {
    const algorithm = get('service.jwt.signing_algorithm') as Algorithm;
    const passphrase = get('service.jwt.private_cert_passphrase') as string;
    const { pems, problems } = await readConfiguredKeys(
      algorithm,
      {
        private: get('service.jwt.private_cert_path') as string,
        public: get('service.jwt.public_cert_path') as string,
        verification: get('service.jwt.verification_cert_path') as string,
      },
      passphrase,
    );
    const settings = {
      algorithm,
      secret: get('service.jwt.signing_secret') as string,
      privateKeyPem: pems.private ?? '',
      passphrase,
      publicKeyPem: pems.public ?? '',
    };
    const verification = { secret: get('service.jwt.verification_secret') as string, pem: pems.verification ?? '' };
    return { settings, verification, problems };
  }

  /**
   * A bad key path from the environment or the INI file stops the start-up, like any bad value
   * there. One stored through the API before paths were checked only warns while HMAC is in use
   * (nothing reads it); with an RSA or EC algorithm the server cannot sign without it.
   */
  private refuseBadKeyPathsAtStart(problems: ConfiguredKeys['problems']): void {
    const hmac = this.config.get('service.jwt.signing_algorithm').startsWith('HS');
    const fatal = problems.filter((p) => !hmac || this.config.view(p.key).source !== 'database');
    if (fatal.length) throw new Error(`Invalid signing key configuration:\n${fatal.map((p) => p.message).join('\n')}`);
    for (const p of problems) this.logger.warn(`${p.message}; fix or delete this runtime option`);
  }

  private async reload(): Promise<void> {
    const { settings, verification } = await this.settings((key) => this.config.get(key));
    this.load(settings, verification);
  }

  /**
   * A configuration change replaces the signing key, as before the ring; the keys that keep
   * verifying are the configured verification key and the data directory's previous keys.
   */
  private load(settings: KeySettings, verification: VerificationSettings): void {
    const current = loadKeyMaterial(settings, this.env.dataDir, true);
    this.ring = new KeyRing(current, this.verifyingKeys(settings.algorithm, verification));
  }

  /**
   * The keys that verify but do not sign. The configured one verifies tokens of the configured
   * algorithm (a secret under HMAC, a public key otherwise) until the operator removes it; a
   * previous generated key until it retires (one retired is not even read: its file may be gone).
   */
  private verifyingKeys(algorithm: Algorithm, verification: VerificationSettings): VerifyingKey[] {
    const keys: VerifyingKey[] = [];
    const hmac = algorithm.startsWith('HS');
    if (hmac && verification.secret)
      keys.push({ material: hmacMaterial(algorithm, Buffer.from(verification.secret, 'utf8')) });
    if (!hmac && verification.pem)
      keys.push({ material: verificationMaterial(algorithm, createPublicKey(verification.pem)) });
    const now = this.clock.now().getTime();
    for (const previous of readPreviousKeys(this.env.dataDir)) {
      const retiresAt = previous.retire_after === null ? undefined : Date.parse(previous.retire_after);
      if (retiresAt !== undefined && retiresAt <= now) continue;
      keys.push({ material: loadPreviousKey(this.env.dataDir, previous), retiresAt });
    }
    return keys;
  }
}

function describe(error: unknown): string {
  const code = error instanceof TokenError ? error.code : undefined;
  switch (code) {
    case TokenError.codes.malformed:
    case TokenError.codes.invalidPayload:
      return 'The token is malformed.';
    case TokenError.codes.invalidAlgorithm:
      return 'The token is not signed with the expected algorithm.';
    case TokenError.codes.invalidSignature:
    case TokenError.codes.missingSignature:
      return 'The token signature is invalid.';
    default:
      return 'The token could not be verified.';
  }
}
