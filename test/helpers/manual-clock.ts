/**
 * A clock that only moves when a test says so (`advance`), for code that takes an injected `Clock`.
 * Everything else stays real: a `BroadcastChannel` still delivers on the event loop, so a test
 * advances the clock and then lets messages arrive (`settle`).
 */
import type { Clock } from '../../src/core/transport';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running each timer that falls due, in order (timers they set included). */
  advance(ms: number): void;
  /** Timers still waiting. */
  pending(): number;
}

export function manualClock(start = 0): ManualClock {
  let now = start;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const nextDue = (until: number) => {
    let due: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
    return due;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = nextHandle++;
      timers.set(handle, { at: now + Math.max(0, ms), fn });
      return handle;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const until = now + ms;
      // Bounded: a timer that re-arms itself at 0 ms would otherwise spin forever.
      for (let runs = 0; runs < 10_000; runs++) {
        const due = nextDue(until);
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

/** Lets the event loop deliver what was posted (BroadcastChannel messages and their answers), a few rounds. */
export async function settle(rounds = 4): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise((resolve) => setTimeout(resolve, 2));
}
