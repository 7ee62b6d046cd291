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

describe('the tab that notifies', () => {
  it('is the tab the visitor looked at last, and the next one when it closes', async () => {
    const locks = fakeLocks();
    const firstHidden = signal(false);
    const first = watchNotifierTab(locks, firstHidden);
    await settle();
    expect(first.notifies.value).toBe(true);

    // A second tab opens in the background: the first one still notifies.
    const secondHidden = signal(true);
    const second = watchNotifierTab(locks, secondHidden);
    await settle();
    expect([first.notifies.value, second.notifies.value]).toEqual([true, false]);

    // The visitor switches to the second tab.
    firstHidden.value = true;
    secondHidden.value = false;
    await settle();
    expect([first.notifies.value, second.notifies.value]).toEqual([false, true]);

    // And back to the first, then closes it: the second takes over.
    secondHidden.value = true;
    firstHidden.value = false;
    await settle();
    expect([first.notifies.value, second.notifies.value]).toEqual([true, false]);
    first.dispose();
    await settle();
    expect(second.notifies.value).toBe(true);
    second.dispose();
  });

  it('is every tab where the browser has no Web Locks', () => {
    expect(watchNotifierTab(undefined, signal(true)).notifies.value).toBe(true);
  });
});
