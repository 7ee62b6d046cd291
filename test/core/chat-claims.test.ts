/**
 * Echoes that confirm queued messages (backends that give no client id back, like Genesys guest
 * chat): every queued message whose send may have reached the server is looked for in what comes
 * back, not only the first one. Seen in e2e/chaos-tabs.test.ts (the owner tab closed while its sends
 * were in flight: the tab taking over found two of them in one catch-up and sent one again).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/storage/memory-store';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('queued messages found on the server by a later page', () => {
  it('are all confirmed by the echoes of one history, none sent again', async () => {
    const b = fakeBackend();
    const store = memoryStore();
    // A page queues three messages while the backend does not answer, and is closed.
    b.onConnect = () => new Promise(() => undefined);
    const closed = makeChat(b, store);
    void closed.chat.start();
    for (const text of ['one', 'two', 'three']) {
      closed.chat.send(text);
      await vi.advanceTimersByTimeAsync(20);
    }
    closed.chat.destroy();
    // Its sends had reached the server all the same (their answers were lost with the page).
    await vi.advanceTimersByTimeAsync(1000);
    for (const text of ['one', 'two', 'three']) {
      b.store('visitor', text);
      await vi.advanceTimersByTimeAsync(20);
    }

    b.onConnect = async () => ({ session: { conversation: b.conversation }, messages: b.server.slice(), resumed: true });
    const next = makeChat(b, store);
    await next.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.calls.send).toEqual([]);
    expect(b.server.map((message) => message.text)).toEqual(['one', 'two', 'three']);
    expect(next.texts()).toEqual(['one', 'two', 'three']);
    expect(next.chat.messages.value.map((message) => message.status)).toEqual(['sent', 'sent', 'sent']);
  });
});
