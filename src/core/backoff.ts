/**
 * Retry delays: exponential backoff with "full jitter" (a random delay between 0 and the exponential
 * ceiling), so many widgets that lost the same server do not come back in lockstep.
 */
import type { ParleyError } from './errors';

/**
 * Delay before retry number `attempt` (0-based): uniform in `[0, min(cap, base · 2^attempt))`.
 * `random` is injectable so tests can pin it.
 */
export const backoff = (attempt: number, random: () => number = Math.random, base = 1000, cap = 30_000): number =>
  Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, attempt)));

/** The backoff delay, but never shorter than the server asked for (429 `Retry-After`). */
export const retryDelay = (err: ParleyError, attempt: number, random?: () => number): number =>
  Math.max(err.retryAfterMs ?? 0, backoff(attempt, random));
