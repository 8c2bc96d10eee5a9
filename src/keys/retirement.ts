import { specOf } from '../config/catalogue';

/** The longest a session access token can live: the highest `service.jwt.access_expires_in` allows. */
export const LONGEST_ACCESS_LIFETIME_S = specOf('service.jwt.access_expires_in').max!;

/** The most leeway verification can give past `exp`: the highest `service.jwt.clock_tolerance` allows. */
export const LONGEST_CLOCK_TOLERANCE_S = specOf('service.jwt.clock_tolerance').max!;

/**
 * When a key that stopped signing at `stoppedSigningAt` may be dropped: once every token it can
 * have signed is expired, even under the most leeway verification gives. Session access tokens
 * end within the longest access lifetime of it. Registry tokens live up to ten years, but the
 * registry knows every one: `latestRegistryExpiry` is the furthest expiry of a registry token not
 * revoked when the key stopped signing (any of them may have been handed out signed by it, at
 * issue or by `?fields=token`; one issued later was signed by its successor).
 */
export function retirementOf(stoppedSigningAt: Date, latestRegistryExpiry: Date | null): Date {
  const sessions = stoppedSigningAt.getTime() + LONGEST_ACCESS_LIFETIME_S * 1000;
  const lastExpiry = Math.max(sessions, latestRegistryExpiry?.getTime() ?? 0);
  return new Date(lastExpiry + LONGEST_CLOCK_TOLERANCE_S * 1000);
}
