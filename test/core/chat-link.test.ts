import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory-store';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('link policy', () => {
  it('shows reconnecting while the link is down and catches up what it missed when it is back', async () => {
    const backend = fakeBackend();
    const { chat, events, texts } = makeChat(backend);
    await chat.start();
    backend.emit('link', 'live');
    await settle();
    const first = backend.agentSays('first');
    await settle();
    const fetches = backend.calls.fetchSince.length;

    backend.emit('link', 'down');
    expect(chat.status.value).toBe('reconnecting');
    backend.store('agent', 'missed while down'); // stored, never pushed
    backend.emit('link', 'live');
    await settle();
    expect(backend.calls.fetchSince.slice(fetches)).toEqual([first.id]);
    expect(chat.status.value).toBe('online');
    expect(texts()).toEqual(['first', 'missed while down']);
    expect(events('message').map((m) => m.text)).toEqual(['first', 'missed while down']);

    backend.emit('link', 'live'); // already live: nothing to catch up
    await settle();
    expect(backend.calls.fetchSince.length).toBe(fetches + 1);
  });

  it('catches up the gap between the connect answer and the stream opening', async () => {
    const backend = fakeBackend();
    const { chat, texts } = makeChat(backend);
    await chat.start();
    expect(backend.calls.fetchSince).toEqual([]);
    backend.store('agent', 'between connect and stream');
    backend.emit('link', 'live');
    await settle();
    expect(backend.calls.fetchSince).toEqual([undefined]);
    expect(texts()).toEqual(['between connect and stream']);
  });

  it('does not duplicate or re-announce messages a catch-up returns again', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    backend.emit('link', 'down');
    const m = backend.agentSays('pushed and fetched');
    backend.onFetchSince = async () => [m, m];
    backend.emit('link', 'live');
    await settle();
    expect(chat.messages.value).toHaveLength(1);
    expect(events('message')).toHaveLength(1);
  });

  it('polls while the link is polling, backs off while polls fail, and stops when live returns', async () => {
    const backend = fakeBackend();
    const { chat, texts, events } = makeChat(backend, memoryStore(), { pollInterval: 1000 });
    await chat.start();
    const t0 = Date.now();
    const at: number[] = [];
    const ok = backend.onFetchSince;
    let failing = false;
    backend.onFetchSince = async (after) => {
      at.push(Date.now() - t0);
      if (failing) throw new ParleyError('network', 'offline');
      return ok(after);
    };

    backend.emit('link', 'polling');
    expect(chat.status.value).toBe('online');
    await vi.advanceTimersByTimeAsync(2500);
    expect(at).toEqual([0, 1000, 2000]);
    backend.store('agent', 'seen by polling');
    await vi.advanceTimersByTimeAsync(1000);
    expect(texts()).toEqual(['seen by polling']);
    expect(events('message')).toHaveLength(1);

    failing = true;
    at.length = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    // 4000 fails → then waits with full jitter under 2 s, 4 s, 8 s, 16 s, 30 s (the cap), 30 s: random 0.5 takes half.
    expect(at).toEqual([4000, 5000, 7000, 11_000, 19_000, 34_000, 49_000]);
    expect(chat.status.value).toBe('offline');
    expect(chat.error.value?.code).toBe('network');

    failing = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(chat.status.value).toBe('online');
    expect(chat.error.value).toBeNull();

    backend.emit('link', 'live');
    await settle();
    const count = at.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(at.length).toBe(count); // no more polls; the one catch-up happened on live
    expect(chat.status.value).toBe('online');
  });

  it('keeps messages written while the link is down as sending, and sends them in order when it returns', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    backend.emit('link', 'down');
    chat.send('one');
    chat.send('two');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send).toEqual([]);
    expect(chat.messages.value.map((m) => m.status)).toEqual(['sending', 'sending']);
    backend.emit('link', 'live');
    await settle();
    expect(backend.calls.send.map((s) => s.text)).toEqual(['one', 'two']);
    expect(chat.messages.value.map((m) => [m.text, m.status])).toEqual([
      ['one', 'sent'],
      ['two', 'sent'],
    ]);
    expect(events('sent').map((m) => m.text)).toEqual(['one', 'two']);
  });
});
