/**
 * Retry delays: exponential backoff with "full jitter" (a random delay between 0 and the exponential
 * ceiling), so many widgets that lost the same server do not come back in lockstep.
 */

/**
 * Delay before retry number `attempt` (0-based): uniform in `[0, min(cap, base · 2^attempt))`.
 * `random` is injectable so tests can pin it.
 */
export function backoff(attempt: number, random: () => number = Math.random, base = 1000, cap = 30_000): number {
  return Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, attempt)));
}
