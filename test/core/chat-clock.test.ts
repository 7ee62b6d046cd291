/**
 * Exactly-once does not trust the visitor's clock: whether a message whose send answer was lost is
 * already on the server is decided on the SERVER's clock, learned from the backend's timestamps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat } from '../../src/core/chat';
import { ParleyError } from '../../src/core/errors';
import type { Clock } from '../../src/core/transport';
import { memoryStore } from '../../src/storage/memory-store';
import { fakeBackend, type FakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;

/** The visitor's clock, `skewMs` off the real one (the fake backend stamps with the real one). */
const skewedClock = (skewMs: number): Clock => ({
  now: () => Date.now() + skewMs,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
});

function chatWithClock(backend: FakeBackend, skewMs: number) {
  return createChat(backend.spec(), { backend: 'fake' }, { store: memoryStore(), clock: skewedClock(skewMs), random: () => 0.5 });
}

/** The backend stores the message, then the answer is lost (once). */
function loseFirstAnswer(backend: FakeBackend) {
  const deliver = backend.onSend;
  let lost = false;
  backend.onSend = async (req) => {
    const result = await deliver(req);
    if (lost) return result;
    lost = true;
    throw new ParleyError('network', 'the answer was lost');
  };
}

const serverTexts = (backend: FakeBackend) => backend.server.map((m) => m.text);

describe('a send whose answer was lost, with the visitor clock off', () => {
  for (const skew of [10 * MINUTE, -10 * MINUTE]) {
    const label = `${skew > 0 ? '+' : '-'}10 min`;

    it(`is stored once (${label}, server clock learned from the history)`, async () => {
      const backend = fakeBackend();
      backend.store('agent', 'Welcome');
      const chat = chatWithClock(backend, skew);
      await chat.start();
      loseFirstAnswer(backend);
      chat.send('hello');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(serverTexts(backend)).toEqual(['Welcome', 'hello']);
      expect(backend.calls.send).toHaveLength(1);
      expect(chat.messages.value.map((m) => [m.text, m.status ?? 'incoming'])).toEqual([
        ['Welcome', 'incoming'],
        ['hello', 'sent'],
      ]);
    });

    it(`is stored once (${label}, nothing known of the server clock yet)`, async () => {
      const backend = fakeBackend();
      const chat = chatWithClock(backend, skew);
      await chat.start();
      loseFirstAnswer(backend);
      chat.send('hello');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(serverTexts(backend)).toEqual(['hello']);
      expect(chat.messages.value.map((m) => m.status)).toEqual(['sent']);
    });

    it(`keeps the same text typed twice as two messages (${label})`, async () => {
      const backend = fakeBackend();
      backend.store('agent', 'Welcome');
      const chat = chatWithClock(backend, skew);
      await chat.start();
      chat.send('ok');
      await vi.advanceTimersByTimeAsync(MINUTE);
      loseFirstAnswer(backend);
      chat.send('ok');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(serverTexts(backend)).toEqual(['Welcome', 'ok', 'ok']);
      expect(chat.messages.value.map((m) => m.status ?? 'incoming')).toEqual(['incoming', 'sent', 'sent']);
    });
  }

  it('does not take the same text sent minutes earlier from elsewhere for a send that never arrived (clock 10 min slow)', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'Welcome');
    const chat = chatWithClock(backend, -10 * MINUTE);
    await chat.start();
    // The link is down while the visitor's other device says "ok"; 5 minutes later, this tab says "ok"
    // and its first attempt never reaches the server.
    backend.emit('link', 'down');
    backend.store('visitor', 'ok');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    backend.emit('link', 'live');
    const deliver = backend.onSend;
    backend.onSend = async (req) => {
      if (backend.calls.send.length === 1) throw new ParleyError('network', 'never arrived');
      return deliver(req);
    };
    backend.onFetchSince = async () => []; // the catch-up of the link answers late: only the outbox's sees the other "ok"
    const fetchAll = async (afterId: string | undefined) => backend.server.slice(backend.server.findIndex((m) => m.id === afterId) + 1);
    chat.send('ok');
    await vi.advanceTimersByTimeAsync(0);
    backend.onFetchSince = fetchAll;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(serverTexts(backend)).toEqual(['Welcome', 'ok', 'ok']);
    expect(backend.calls.send).toHaveLength(2);
  });
});
