/**
 * Which of the visitor's tabs notifies (sound, desktop), so several open tabs give one notification,
 * not one each: the visible tab if there is one (the visitor is looking at it), else the tab that holds
 * the chat's link (the owner tab of src/tabs/, which hears every reply first). The title notice is every
 * hidden tab's own (each tab has its own title).
 *
 * One Web Lock per origin says which tab it is: a tab that becomes visible takes it (`steal`); a hidden
 * tab keeps it only while it holds the link, and otherwise lets it go; the hidden owner queues for it,
 * so it notifies as soon as no tab is in front. A tab that closes or crashes drops its lock with it.
 * Without Web Locks the owner tab alone notifies.
 */
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';

/** The part of `navigator.locks` used. */
export type Locks = Pick<LockManager, 'request'>;

export const NOTIFIER_LOCK = 'parley-notifier';

export interface NotifierTabDeps {
  /** `navigator.locks` (undefined: no Web Locks in this browser). */
  locks: Locks | undefined;
  /** This page is not on screen. */
  hidden: ReadonlySignal<boolean>;
  /** This tab holds the chat's link (the owner among the visitor's tabs, or the only tab). */
  ownsLink: ReadonlySignal<boolean>;
}

export interface NotifierTab {
  /** This tab notifies. */
  notifies: ReadonlySignal<boolean>;
  dispose(): void;
}

/** What this tab wants of the lock: take it (in front), wait for it (the hidden owner), or not have it. */
type Want = 'take' | 'wait' | 'none';

export function watchNotifierTab({ locks, hidden, ownsLink }: NotifierTabDeps): NotifierTab {
  if (!locks) return { notifies: computed(() => ownsLink.value), dispose() {} };
  const notifies = signal(false);
  let holding = false;
  let waiting = false;
  let release: (() => void) | undefined;
  let queued: AbortController | undefined;
  /** The number of this tab's latest request: an older one that ends or fails changes nothing. */
  let latest = 0;
  let disposed = false;

  const want = (): Want => (!hidden.peek() ? 'take' : ownsLink.peek() ? 'wait' : 'none');

  /** Gives the lock up, or the place in its queue. */
  const letGo = () => {
    latest++;
    queued?.abort();
    queued = undefined;
    release?.();
    release = undefined;
    holding = false;
    waiting = false;
    notifies.value = false;
  };

  const request = (steal: boolean) => {
    letGo();
    const number = latest;
    const controller = new AbortController();
    queued = steal ? undefined : controller;
    waiting = true;
    locks
      .request(NOTIFIER_LOCK, steal ? { steal } : { signal: controller.signal }, () => {
        if (number !== latest || disposed) return undefined; // replaced meanwhile: let go at once
        waiting = false;
        holding = true;
        notifies.value = true;
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {
        if (number !== latest || disposed) return;
        // Taken by a tab the visitor looks at now. The hidden owner waits behind it; a tab in front
        // (two windows side by side) waits for its next change, so two tabs never take it in turns.
        holding = false;
        waiting = false;
        release = undefined;
        notifies.value = false;
        if (want() === 'wait') request(false);
      });
  };

  const apply = (next: Want) => {
    if (next === 'none') return letGo();
    if (holding) return; // in front, or the hidden owner: keeps it
    const stealing = waiting && !queued;
    if (stealing || (waiting && next === 'wait')) return; // asked already
    request(next === 'take');
  };
  const stopWatching = effect(() => {
    const next: Want = !hidden.value ? 'take' : ownsLink.value ? 'wait' : 'none';
    if (!disposed) apply(next);
  });
  return {
    notifies,
    dispose() {
      disposed = true;
      stopWatching();
      letGo();
    },
  };
}
