/**
 * Real time that a test can also jump forward, for code that takes an injected `Clock` and also talks over
 * real sockets (whose own timers must keep running): timers run on their own as usual, and `jump(ms)` moves
 * `now()` ahead, running at once every timer that falls due in the jump, in order.
 */
import type { Clock } from '../../src/core/transport';

export function jumpingClock(): Clock & { jump(ms: number): void } {
  let offset = 0;
  const timers = new Map<number, { at: number; callback: () => void; real: ReturnType<typeof setTimeout> }>();
  let next = 1;
  const now = () => Date.now() + offset;
  const fire = (handle: number) => {
    const timer = timers.get(handle);
    if (!timer) return;
    timers.delete(handle);
    clearTimeout(timer.real);
    timer.callback();
  };
  return {
    now,
    setTimeout(callback, ms) {
      const handle = next++;
      timers.set(handle, { at: now() + Math.max(0, ms), callback, real: setTimeout(() => fire(handle), ms) });
      return handle;
    },
    clearTimeout(handle) {
      clearTimeout(timers.get(handle as number)?.real);
      timers.delete(handle as number);
    },
    jump(ms) {
      offset += ms;
      const due = [...timers].filter(([, timer]) => timer.at <= now()).sort(([, a], [, b]) => a.at - b.at);
      for (const [handle] of due) fire(handle);
    },
  };
}

