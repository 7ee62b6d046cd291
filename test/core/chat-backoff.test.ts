/** Every failed attempt backs off, the catch-up before a resend as much as the send itself. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { MAX_ATTEMPTS } from '../../src/core/outbox';
import { memoryStore } from '../../src/storage/memory-store';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const unavailable = () => new ParleyError('http', 'Service Unavailable', { status: 503 });

describe('a message restored from the cache while the catch-up fails', () => {
  it('backs off on every failed catch-up, ends failed with one error event, and retry() sends it once', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    // An earlier page queued it and was closed.
    const earlier = makeChat(backend, store);
    await earlier.chat.start();
    backend.emit('link', 'down');
    const queued = earlier.chat.send('hello');
    await vi.advanceTimersByTimeAsync(0);
    earlier.chat.destroy();

    const fetchSince = backend.onFetchSince;
    backend.onFetchSince = async () => {
      throw unavailable();
    };
    backend.onConnect = async (req) => ({ session: { conversation: backend.conversation }, messages: [], resumed: req.session?.conversation === backend.conversation });
    expect(backend.calls.fetchSince).toHaveLength(0);
    const page = makeChat(backend, store);
    await page.chat.start();
    await vi.advanceTimersByTimeAsync(90_000);
    const fetches = backend.calls.fetchSince.length;

    expect(page.chat.messages.value.map((m) => m.status)).toEqual(['failed']);
    expect(page.events('error').map((e) => e.code)).toEqual(['http']);
    expect(fetches).toBe(MAX_ATTEMPTS); // not ~2 a second for 90 s
    expect(backend.calls.send).toHaveLength(0); // it may be on the server: never sent blindly

    backend.onFetchSince = fetchSince;
    page.chat.retry(queued.clientId!);
    await vi.advanceTimersByTimeAsync(1000);
    expect(page.chat.messages.value.map((m) => m.status)).toEqual(['sent']);
    expect(backend.server.map((m) => m.text)).toEqual(['hello']);
  });
});
