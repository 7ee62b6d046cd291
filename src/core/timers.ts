/**
 * The chat's timers, by name, on the injected clock, so `stop()` can leave none behind. Setting a
 * named timer replaces the earlier one of that name.
 */
import type { Clock } from './transport';

/** What each of the chat's timers is for. */
export type TimerName =
  /** Writes the conversation once more after a burst of frames. */
  | 'save'
  /** Marks read, together, the messages a burst brought (incoming.ts). */
  | 'read'
  /** The outbox's backoff wait before the next attempt. */
  | 'send'
  /** The next catch-up or poll of `fetchSince`. */
  | 'pull'
  /** The next connect attempt. */
  | 'connect'
  /** Clears the agent's "typing" after a silence. */
  | 'agentTyping'
  /** Sends the visitor's "stopped typing". */
  | 'visitorTyping';

export interface Timers {
  /** Runs `task` after `delayMs`, replacing the pending timer of that name. */
  start(name: TimerName, task: () => void, delayMs: number): void;
  cancel(name: TimerName): void;
  isPending(name: TimerName): boolean;
  cancelAll(): void;
}

export function createTimers(clock: Clock): Timers {
  const handles = new Map<TimerName, unknown>();
  const cancel = (name: TimerName) => {
    clock.clearTimeout(handles.get(name));
    handles.delete(name);
  };
  return {
    start(name, task, delayMs) {
      cancel(name);
      const handle = clock.setTimeout(() => {
        handles.delete(name);
        task();
      }, delayMs);
      handles.set(name, handle);
    },
    cancel,
    isPending: (name) => handles.has(name),
    cancelAll() {
      for (const name of [...handles.keys()]) cancel(name);
    },
  };
}
