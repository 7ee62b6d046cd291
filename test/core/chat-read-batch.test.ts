/** Read marks during a burst: one `markRead` per batch with every id the burst brought, never one per message. */
import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import { memoryStore } from '../../src/storage/memory-store';
import { fakeBackend } from './fake-backend';

/** A scheduler the test runs by hand: the "next frame" comes when the test says so. */
function manualScheduler() {
  const tasks: (() => void)[] = [];
  return {
    schedule: (task: () => void) => void tasks.push(task),
    get pending() {
      return tasks.length;
    },
    runAll() {
      for (const task of tasks.splice(0)) task();
    },
  };
}

describe('read marks in a burst', () => {
  it('marks a burst of 300 messages read in one call, with every id in order', async () => {
    const backend = fakeBackend();
    const batch = manualScheduler();
    const chat = createChat(backend.spec(), { backend: 'fake' }, { store: memoryStore(), random: () => 0.5, scheduleBatch: batch.schedule });
    await chat.start();
    chat.setOpen(true);
    const burst = Array.from({ length: 300 }, (_, n) => backend.agentSays(`burst ${n}`));
    expect(chat.messages.value.map((message) => message.text)).toEqual(burst.map((message) => message.text));
    expect(backend.calls.markRead).toEqual([]);
    expect(batch.pending).toBe(1);
    batch.runAll();
    expect(backend.calls.markRead).toEqual([burst.map((message) => message.id)]);
    // The next message starts the next batch.
    const later = backend.agentSays('later');
    batch.runAll();
    expect(backend.calls.markRead).toEqual([burst.map((message) => message.id), [later.id]]);
    chat.destroy();
  });

  it('marks nothing while the window is closed, and everything at once when it opens', async () => {
    const backend = fakeBackend();
    const batch = manualScheduler();
    const chat = createChat(backend.spec(), { backend: 'fake' }, { store: memoryStore(), random: () => 0.5, scheduleBatch: batch.schedule });
    await chat.start();
    const burst = Array.from({ length: 50 }, (_, n) => backend.agentSays(`closed ${n}`));
    batch.runAll();
    expect(backend.calls.markRead).toEqual([]);
    expect(chat.unread.value).toBe(50);
    chat.setOpen(true);
    expect(backend.calls.markRead).toEqual([burst.map((message) => message.id)]);
    chat.destroy();
  });
});
