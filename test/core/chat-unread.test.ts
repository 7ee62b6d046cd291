/** The unread count is part of the visitor's stored conversation: it survives a reload. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/storage/memory-store';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the unread count', () => {
  it('survives a reload, and opening the window clears it for the next reload too', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    const first = makeChat(backend, store);
    await first.chat.start();
    backend.agentSays('one');
    backend.agentSays('two');
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.chat.unread.value).toBe(2);
    first.chat.destroy();

    const second = makeChat(backend, store);
    await second.chat.start();
    expect(second.chat.unread.value).toBe(2);
    expect(second.events('unread')).toEqual([2]);
    second.chat.setOpen(true);
    expect(second.chat.unread.value).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    second.chat.destroy();

    const third = makeChat(backend, store);
    await third.chat.start();
    expect(third.chat.unread.value).toBe(0);
  });

  it('is not restored into a window that is already open', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    const first = makeChat(backend, store);
    await first.chat.start();
    backend.agentSays('one');
    await vi.advanceTimersByTimeAsync(1000);
    first.chat.destroy();

    const second = makeChat(backend, store);
    second.chat.setOpen(true);
    await second.chat.start();
    expect(second.chat.unread.value).toBe(0);
  });
});
