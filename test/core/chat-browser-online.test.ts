/**
 * The browser's `online` event ends a send's backoff wait (found by e2e/chaos-tabs.test.ts: a tab cut
 * off the network while its socket stayed open backed its sends off to 16-30 s, and still waited that
 * long once the network was back).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

const page = globalThis as { window?: EventTarget };
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
  page.window = new EventTarget();
});
afterEach(() => {
  vi.useRealTimers();
  delete page.window;
});

describe("the browser's online event", () => {
  it('sends a message waiting out its backoff at once', async () => {
    const backend = fakeBackend();
    const { chat, texts } = makeChat(backend);
    await chat.start();
    const storeIt = backend.onSend;
    backend.onSend = async () => {
      throw new ParleyError('network', 'offline');
    };
    chat.send('typed offline');
    // Four failed attempts: the next waits up to 8 s (here 4 s: jitter 0.5).
    await vi.advanceTimersByTimeAsync(3500);
    expect(backend.calls.send).toHaveLength(4);

    backend.onSend = storeIt;
    page.window!.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10);
    expect(backend.calls.send).toHaveLength(5);
    expect(backend.server.map((message) => message.text)).toEqual(['typed offline']);
    expect(chat.messages.value[0]!.status).toBe('sent');
    expect(texts()).toEqual(['typed offline']);
    chat.destroy();
  });
});
