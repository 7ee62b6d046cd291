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
    const backend = fakeBackend();
    const store = memoryStore();
    // A page queues three messages while the backend does not answer, and is closed.
    backend.onConnect = () => new Promise(() => undefined);
    const closed = makeChat(backend, store);
    void closed.chat.start();
    for (const text of ['one', 'two', 'three']) {
      closed.chat.send(text);
      await vi.advanceTimersByTimeAsync(20);
    }
    closed.chat.destroy();
    // Its sends had reached the server all the same (their answers were lost with the page).
    await vi.advanceTimersByTimeAsync(1000);
    for (const text of ['one', 'two', 'three']) {
      backend.store('visitor', text);
      await vi.advanceTimersByTimeAsync(20);
    }

    backend.onConnect = async () => ({ session: { conversation: backend.conversation }, messages: backend.server.slice(), resumed: true });
    const next = makeChat(backend, store);
    await next.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send).toEqual([]);
    expect(backend.server.map((message) => message.text)).toEqual(['one', 'two', 'three']);
    expect(next.texts()).toEqual(['one', 'two', 'three']);
    expect(next.chat.messages.value.map((message) => message.status)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('the order the sending tab chose is not needed to recognise its sends', () => {
  it('a history with the echo of a later queued message confirms that one; the earlier ones are sent once', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    backend.onConnect = () => new Promise(() => undefined);
    const closed = makeChat(backend, store);
    void closed.chat.start();
    for (const text of ['one', 'two', 'three']) closed.chat.send(text);
    await vi.advanceTimersByTimeAsync(300);
    closed.chat.destroy();
    // Only the second reached the server before the page closed (its tab had listed them in another order).
    await vi.advanceTimersByTimeAsync(1000);
    backend.store('visitor', 'two');

    backend.onConnect = async () => ({ session: { conversation: backend.conversation }, messages: backend.server.slice(), resumed: true });
    const next = makeChat(backend, store);
    await next.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send.map((request) => request.text)).toEqual(['one', 'three']);
    expect(backend.server.map((message) => message.text).sort()).toEqual(['one', 'three', 'two']);
    expect(next.chat.messages.value.filter((message) => message.text === 'two')).toHaveLength(1);
  });

  it('messages typed in the same millisecond are listed, stored and sent in the order typed', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    backend.onConnect = () => new Promise(() => undefined);
    const closed = makeChat(backend, store);
    void closed.chat.start();
    const texts = ['first', 'second', 'third', 'fourth', 'fifth'];
    for (const text of texts) closed.chat.send(text); // the fake clock stands still
    const times = closed.chat.messages.value.map((message) => Date.parse(message.createdAt));
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    closed.chat.destroy();

    backend.onConnect = async () => ({ session: { conversation: backend.conversation }, messages: [], resumed: true });
    const next = makeChat(backend, store);
    await next.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(next.texts()).toEqual(texts);
    expect(backend.calls.send.map((request) => request.text)).toEqual(texts);
  });
});
