/**
 * Which of the visitor's tabs notifies (sound, desktop), so several open tabs give one notification,
 * not one each: the tab the visitor looked at last. Each tab queues for one Web Lock per origin; a tab
 * that becomes visible steals it (the holder re-queues), and when the holder closes the next in the
 * queue takes over. The title notice is every hidden tab's own (each tab has its own title).
 *
 * The chat itself runs one tab per visitor once src/tabs/ (the owner tab) is in: this follows the
 * visitor's eyes instead, which is what a notification is for, and needs nothing from the chat.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

/** The part of `navigator.locks` used. */
export type Locks = Pick<LockManager, 'request'>;

export const NOTIFIER_LOCK = 'parley-notifier';

export interface NotifierTab {
  /** This tab notifies (always, without Web Locks: then each tab is alone). */
  notifies: ReadonlySignal<boolean>;
  dispose(): void;
}

export function watchNotifierTab(locks: Locks | undefined, hidden: ReadonlySignal<boolean>): NotifierTab {
  const notifies = signal(!locks);
  if (!locks) return { notifies, dispose() {} };
  let release: (() => void) | undefined;
  let queued: AbortController | undefined;
  /** The number of this tab's latest request: an older one that ends or fails changes nothing. */
  let latest = 0;
  let disposed = false;
  /** Asks for the lock: now (`steal`, this tab is in front) or in the queue. */
  const hold = (steal: boolean) => {
    if (disposed) return;
    queued?.abort(); // one request at a time
    const request = ++latest;
    const controller = new AbortController();
    queued = steal ? undefined : controller;
    locks
      .request(NOTIFIER_LOCK, steal ? { steal } : { signal: controller.signal }, () => {
        if (request !== latest) return undefined; // replaced meanwhile: let go at once
        notifies.value = true;
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {
        if (request !== latest || disposed) return;
        // Stolen by a tab the visitor looked at since: queue again behind it.
        notifies.value = false;
        hold(false);
      });
  };
  hold(!hidden.peek());
  const stopWatch = hidden.subscribe((isHidden) => {
    if (!isHidden && !notifies.peek()) hold(true);
  });
  return {
    notifies,
    dispose() {
      disposed = true;
      stopWatch();
      queued?.abort();
      release?.();
      notifies.value = false;
    },
  };
}
