/**
 * Cache writes in a long, busy conversation: an incoming message is written with the rest of its burst (one
 * history write per 250 ms), never one write per message, and a write that would store nothing new is skipped.
 */
import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { manualClock, settle, type ManualClock } from '../helpers/manual-clock';
import { fakeBackend } from './fake-backend';

/** The memory store, counting the writes of the history record (`…/chat`). */
function countingStore() {
  const store = memoryStore();
  let historyWrites = 0;
  const counting: KeyValueStore = {
    ...store,
    set(key, value) {
      if (key.endsWith('/chat')) historyWrites++;
      return store.set(key, value);
    },
  };
  return { store: counting, historyWrites: () => historyWrites };
}

/** Moves the clock on, then lets the store's asynchronous writes start. */
async function advance(clock: ManualClock, ms: number) {
  clock.advance(ms);
  await settle(2);
}

describe('cache writes during a burst', () => {
  it('writes a burst of incoming messages into a 2,000-message conversation once per 250 ms, and nothing when nothing changed', async () => {
    const backend = fakeBackend();
    const clock = manualClock();
    const { store, historyWrites } = countingStore();
    const chat = createChat(backend.spec(), { backend: 'fake' }, { store, clock, random: () => 0.5 });
    await chat.start();
    for (let n = 0; n < 2000; n++) backend.agentSays(`earlier ${n}`);
    // The burst's last window, then a quiet one.
    await advance(clock, 250);
    await advance(clock, 250);
    const afterHistory = historyWrites();

    // One message after a quiet time: written at once (a reload right after it finds it cached), and once.
    backend.agentSays('one');
    await settle(2);
    expect(historyWrites()).toBe(afterHistory + 1);
    await advance(clock, 250);
    expect(historyWrites()).toBe(afterHistory + 1);

    // 100 messages over one second (one every 10 ms): four or five writes, not 100.
    for (let n = 0; n < 100; n++) {
      backend.agentSays(`burst ${n}`);
      await advance(clock, 10);
    }
    await advance(clock, 250);
    const burstWrites = historyWrites() - afterHistory - 1;
    // (the first at once, then one per 250 ms window)
    expect(burstWrites).toBeGreaterThanOrEqual(4);
    expect(burstWrites).toBeLessThanOrEqual(6);
    expect(chat.messages.value.at(-1)?.text).toBe('burst 99');

    // Nothing new: nothing written.
    await advance(clock, 1000);
    expect(historyWrites()).toBe(afterHistory + 1 + burstWrites);
    // What is stored is the newest of the conversation.
    const stored = (await store.entries('')).find(([key]) => key.endsWith('/chat'))?.[1] as { messages: { text: string }[] };
    expect(stored.messages.at(-1)?.text).toBe('burst 99');
    chat.destroy();
  });
});

describe('cache writes when the page is hidden or left', () => {
  it('writes a message waiting for the end of its burst at once, so a reload right after it finds it cached', async () => {
    const backend = fakeBackend();
    const clock = manualClock();
    const { store, historyWrites } = countingStore();
    const page = new EventTarget() as EventTarget & { document: { visibilityState: string } };
    page.document = { visibilityState: 'visible' };
    const chat = createChat(backend.spec(), { backend: 'fake' }, { store, clock, random: () => 0.5, pageTarget: page });
    await chat.start();
    await advance(clock, 250);
    await advance(clock, 250);
    const before = historyWrites();

    // A first message is written at once; a second one, 100 ms later, waits for the end of the window.
    backend.agentSays('first');
    await settle(2);
    expect(historyWrites()).toBe(before + 1);
    await advance(clock, 100);
    backend.agentSays('just before the reload');
    await settle(2);
    expect(historyWrites()).toBe(before + 1);
    page.dispatchEvent(new Event('pagehide'));
    await settle(2);
    expect(historyWrites()).toBe(before + 2);
    const records = await store.entries('');
    expect(JSON.stringify(records.filter(([key]) => key.endsWith('/chat')))).toContain('just before the reload');

    // Hidden (a tab switch) with nothing waiting: no write.
    page.document.visibilityState = 'hidden';
    page.dispatchEvent(new Event('visibilitychange'));
    await settle(2);
    expect(historyWrites()).toBe(before + 2);
    chat.destroy();
  });
});
