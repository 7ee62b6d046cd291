/**
 * What the chat knows of the backend's clock, learned only from the backend's own timestamps, so a
 * visitor's clock that is minutes off never decides whether a message was already sent.
 *
 * Every server timestamp seen (history, live messages, catch-ups, send answers) was written before
 * the moment it reached us, so `serverTime - localNow` at arrival is a lower bound of the offset
 * between the two clocks: the greatest such bound is kept. A message the visitor wrote at local time
 * `L` can only have been stored by the server at `L + offset` or later, so a same-text visitor
 * message stored before `L + bound` (less a small tolerance) cannot be it.
 */
import type { Clock } from './transport';

export type ServerClock = ReturnType<typeof createServerClock>;

/** For timestamps rounded or taken on another server machine of the same backend. */
const TOLERANCE_MS = 2000;

export function createServerClock(clock: Clock) {
  /** The greatest lower bound of (server clock − local clock) seen so far, ms; undefined before any server timestamp. */
  let offsetAtLeast: number | undefined;

  return {
    /** A timestamp the backend made (ISO-8601), seen now. */
    observe(serverTime: string | undefined) {
      const serverMs = serverTime === undefined ? Number.NaN : Date.parse(serverTime);
      if (Number.isNaN(serverMs)) return;
      const bound = serverMs - clock.now();
      if (offsetAtLeast === undefined || bound > offsetAtLeast) offsetAtLeast = bound;
    },

    /**
     * The earliest server time (ms) at which something the visitor wrote at local time `localTime`
     * (ISO-8601) can have been stored; undefined while no server timestamp was seen (then nothing is ruled out).
     */
    earliestStored(localTime: string): number | undefined {
      if (offsetAtLeast === undefined) return undefined;
      return Date.parse(localTime) + offsetAtLeast - TOLERANCE_MS;
    },
  };
}
