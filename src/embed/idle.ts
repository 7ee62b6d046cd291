/**
 * When `dist/parley.js` fetches what a closed widget does not need yet: once the page has loaded and
 * the browser is idle, so the launcher and the host page come first.
 */
import { whenIdle } from '../core/env';

interface Scheduler {
  postTask(task: () => unknown, options: { priority: 'background' }): Promise<unknown>;
}

/** The longest an idle callback waits for an idle moment, ms (then it runs anyway). */
const IDLE_TIMEOUT = 2000;

/**
 * Runs `task` after the page's `load` event (at once if it has fired), in a background task
 * (`scheduler.postTask`) where the browser has one, else when idle (`requestIdleCallback`, at most
 * two seconds later), else (Safari) in a new task.
 */
export function whenLoadedAndIdle(task: () => unknown): void {
  const schedule = () => {
    const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
    if (scheduler) void scheduler.postTask(task, { priority: 'background' });
    else whenIdle(task, IDLE_TIMEOUT);
  };
  if (document.readyState == 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
}
