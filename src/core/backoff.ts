/**
 * Retry delays: exponential backoff with "full jitter" (a random delay between 0 and the exponential
 * ceiling), so many widgets that lost the same server do not come back in lockstep. Every failed
 * attempt (send, catch-up, connect, poll) waits one of these.
 */
import type { ParleyError } from './errors';

/** The pace of retries: the first ceiling and the greatest one (ms). */
export interface RetryTimings {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryTimings = { baseMs: 1000, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): uniform in `[0, min(cap, base · 2^attempt))`.
 * `random` is injectable so tests can pin it.
 */
export const backoff = (attempt: number, random: () => number = Math.random, base = DEFAULT_RETRY.baseMs, cap = DEFAULT_RETRY.capMs): number =>
  Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, attempt)));

/** The backoff delay, but never shorter than the server asked for (429 `Retry-After`). */
export const retryDelay = (error: ParleyError, attempt: number, random?: () => number, timings: RetryTimings = DEFAULT_RETRY): number =>
  Math.max(error.retryAfterMs ?? 0, backoff(attempt, random, timings.baseMs, timings.capMs));
