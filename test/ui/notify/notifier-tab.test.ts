import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { watchNotifierTab, type Locks } from '../../../src/ui/notify/notifier-tab';

/**
 * One origin's Web Locks, for one exclusive lock name, as the browser shares them between tabs:
 * a queue, `steal` (the holder's request fails with AbortError) and `signal` (a queued request is dropped).
 */
function fakeLocks(): Locks {
  interface Entry {
    callback: () => unknown;
    resolve(value: unknown): void;
    reject(error: unknown): void;
  }
  let held: Entry | undefined;
  const queue: Entry[] = [];
  const grant = (entry: Entry) => {
    held = entry;
    void Promise.resolve()
      .then(entry.callback)
      .then((value) => {
        if (held !== entry) return;
        held = undefined;
        entry.resolve(value);
        const next = queue.shift();
        if (next) grant(next);
      });
  };
  const request = (_name: string, options: LockOptions, callback: () => unknown) =>
    new Promise((resolve, reject) => {
      const entry: Entry = { callback, resolve, reject };
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(entry);
        if (index >= 0) queue.splice(index, 1);
        if (index >= 0) reject(new DOMException('Aborted', 'AbortError'));
      });
      if (options.steal) {
        held?.reject(new DOMException('Stolen', 'AbortError'));
        grant(entry);
      } else if (!held) grant(entry);
      else queue.push(entry);
    });
  return { request } as unknown as Locks;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** One tab of the visitor: whether it is hidden and whether it holds the link, as the test sets them. */
function tab(locks: Locks | undefined, { hidden, ownsLink }: { hidden: boolean; ownsLink: boolean }) {
  const page = { hidden: signal(hidden), ownsLink: signal(ownsLink) };
  return { ...page, ...watchNotifierTab({ locks, hidden: page.hidden, ownsLink: page.ownsLink }) };
}

describe('the tab that notifies', () => {
  it('is the visible tab if any, else the tab that holds the link', async () => {
    const locks = fakeLocks();
    const owner = tab(locks, { hidden: false, ownsLink: true });
    await settle();
    expect(owner.notifies.value).toBe(true);

    // A second tab (a follower) opens in the background: the owner, in front, still notifies.
    const follower = tab(locks, { hidden: true, ownsLink: false });
    await settle();
    expect([owner.notifies.value, follower.notifies.value]).toEqual([true, false]);

    // The visitor switches to the follower: it notifies (the visitor is looking at it).
    owner.hidden.value = true;
    follower.hidden.value = false;
    await settle();
    expect([owner.notifies.value, follower.notifies.value]).toEqual([false, true]);

    // Then to another site: no tab in front, the owner (which holds the link) notifies, not the tab looked at last.
    follower.hidden.value = true;
    await settle();
    expect([owner.notifies.value, follower.notifies.value]).toEqual([true, false]);

    // Back to the follower, which then closes: the hidden owner notifies again.
    follower.hidden.value = false;
    await settle();
    expect([owner.notifies.value, follower.notifies.value]).toEqual([false, true]);
    follower.dispose();
    await settle();
    expect(owner.notifies.value).toBe(true);
    owner.dispose();
  });

  it('moves with the link when another tab takes it over', async () => {
    const locks = fakeLocks();
    const first = tab(locks, { hidden: true, ownsLink: true });
    const second = tab(locks, { hidden: true, ownsLink: false });
    await settle();
    expect([first.notifies.value, second.notifies.value]).toEqual([true, false]);
    // The first tab is frozen and gives the link up; the second takes it over.
    first.ownsLink.value = false;
    second.ownsLink.value = true;
    await settle();
    expect([first.notifies.value, second.notifies.value]).toEqual([false, true]);
    first.dispose();
    second.dispose();
  });

  it('is not a hidden tab that follows, even alone with its lock', async () => {
    const locks = fakeLocks();
    const follower = tab(locks, { hidden: false, ownsLink: false });
    await settle();
    expect(follower.notifies.value).toBe(true);
    follower.hidden.value = true;
    await settle();
    expect(follower.notifies.value).toBe(false);
    follower.dispose();
  });

  it('is the owner tab where the browser has no Web Locks', () => {
    const owner = tab(undefined, { hidden: true, ownsLink: true });
    const follower = tab(undefined, { hidden: false, ownsLink: false });
    expect([owner.notifies.value, follower.notifies.value]).toEqual([true, false]);
    owner.ownsLink.value = false;
    follower.ownsLink.value = true;
    expect([owner.notifies.value, follower.notifies.value]).toEqual([false, true]);
  });
});
