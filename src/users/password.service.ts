import { Injectable } from '@nestjs/common';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Argon2id (the const enum value 2, inlined because isolatedModules cannot read ambient const enums).
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane), set explicitly rather than trusting library defaults. */
const ARGON2_OPTIONS = {
  algorithm: 2 satisfies Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so a wrong username costs the same time as a wrong password. */
  private readonly decoy = hash('decoy password that never matches', ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** False for a missing account too, after the same amount of work. */
  async verify(hashed: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await verify(hashed ?? (await this.decoy), password);
      return matches && hashed !== undefined;
    } catch {
      return false;
    }
  }
}
