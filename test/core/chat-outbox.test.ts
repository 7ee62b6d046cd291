/**
 * The outbox, through the chat: the visitor's unsent messages are sent in order, one at a time, only
 * while online, with jittered exponential backoff, and never twice.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff } from '../../src/core/backoff';
import { ParleyError } from '../../src/core/errors';
import type { SendResult } from '../../src/core/transport';
import { makeChat } from './chat-helpers';
import { deferred, fakeBackend } from './fake-backend';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);
const network = () => new ParleyError('network', 'offline');

/** A connected chat whose backend logs every send attempt with its time (ms since T0). */
async function setup() {
  const backend = fakeBackend();
  const c = makeChat(backend);
  await c.chat.start();
  const ok = backend.onSend;
  const log: string[] = [];
  const attempt = (text: string) => log.push(`send ${text}@${Date.now() - T0}`);
  return { backend, ...c, ok, log, attempt };
}

describe('backoff()', () => {
  it('grows exponentially with full jitter and stops at the cap', () => {
    expect([0, 1, 2, 3].map((n) => backoff(n, () => 0.999))).toEqual([999, 1998, 3996, 7992]);
    expect(backoff(10, () => 0.999)).toBe(29970);
    expect(backoff(3, () => 0)).toBe(0);
    expect(backoff(2, () => 0.5, 100, 1000)).toBe(200);
  });
});

describe('the outbox', () => {
  it('sends in order, one message at a time', async () => {
    const { backend, chat, ok } = await setup();
    const gates = [deferred<void>(), deferred<void>()];
    backend.onSend = async (req) => (await gates[backend.calls.send.length - 1]!.promise, ok(req));
    chat.send('a');
    chat.send('b');
    await settle();
    expect(backend.calls.send.map((s) => s.text)).toEqual(['a']);
    gates[0]!.resolve();
    await settle();
    expect(backend.calls.send.map((s) => s.text)).toEqual(['a', 'b']);
    gates[1]!.resolve();
    await settle();
    expect(chat.messages.value.map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('retries network failures with jittered exponential backoff', async () => {
    const { backend, chat, ok, log, attempt } = await setup();
    backend.onSend = async (req) => {
      attempt(req.text);
      if (log.length < 4) throw network();
      return ok(req);
    };
    chat.send('a');
    await vi.advanceTimersByTimeAsync(10_000);
    // random 0.5 → 500, 1000, 2000 ms between attempts.
    expect(log).toEqual(['send a@0', 'send a@500', 'send a@1500', 'send a@3500']);
    expect(chat.messages.value[0]!.status).toBe('sent');
  });

  it('waits as long as the server asked when rate limited', async () => {
    const { backend, chat, ok, log, attempt } = await setup();
    backend.onSend = async (req) => {
      attempt(req.text);
      if (log.length === 1) throw new ParleyError('rate_limited', 'slow down', { status: 429, retryAfterMs: 7000 });
      return ok(req);
    };
    chat.send('a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(['send a@0', 'send a@7000']);
  });

  it('skips the backoff wait when the link comes back', async () => {
    const { backend, chat, ok, log, attempt } = await setup();
    backend.onSend = async (req) => {
      attempt(req.text);
      if (log.length === 1) throw new ParleyError('rate_limited', 'slow down', { status: 429, retryAfterMs: 60_000 });
      return ok(req);
    };
    chat.send('a');
    await vi.advanceTimersByTimeAsync(1000);
    backend.emit('link', 'down');
    backend.emit('link', 'live');
    await settle();
    expect(log).toEqual(['send a@0', 'send a@1000']);
    expect(chat.messages.value[0]!.status).toBe('sent');
  });

  it('marks a message failed after a refusal and carries on with the next one', async () => {
    const { backend, chat, ok, events, log, attempt } = await setup();
    backend.onSend = async (req) => {
      attempt(req.text);
      if (req.text === 'a') throw new ParleyError('forbidden', 'blocked', { status: 403 });
      return ok(req);
    };
    chat.send('a');
    chat.send('b');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['send a@0', 'send b@0']);
    expect(chat.messages.value.map((m) => [m.text, m.status])).toEqual([
      ['a', 'failed'],
      ['b', 'sent'],
    ]);
    expect(events('error').map((e) => e.code)).toEqual(['forbidden']);
  });

  it('gives up after 6 attempts, and retry() sends it again after looking whether one arrived', async () => {
    const { backend, chat, ok, events, log, attempt } = await setup();
    let up = false;
    backend.onSend = async (req) => {
      attempt(req.text);
      if (!up) throw network();
      return ok(req);
    };
    const m = chat.send('a');
    await vi.advanceTimersByTimeAsync(120_000);
    // 500, 1000, 2000, 4000, 8000 ms between attempts.
    expect(log).toEqual(['send a@0', 'send a@500', 'send a@1500', 'send a@3500', 'send a@7500', 'send a@15500']);
    expect(chat.messages.value[0]!.status).toBe('failed');
    expect(events('error').map((e) => e.code)).toEqual(['network']);
    // Before every re-send the chat asked the backend whether an earlier attempt had reached it.
    expect(backend.calls.fetchSince).toHaveLength(5);

    up = true;
    chat.retry(m.clientId!);
    expect(chat.messages.value[0]!.status).toBe('sending');
    await settle();
    expect(backend.calls.fetchSince).toHaveLength(6);
    expect(log).toHaveLength(7);
    expect(chat.messages.value[0]).toMatchObject({ status: 'sent', id: 's1' });
  });

  it('sends a message retried by hand only once when its last attempt did reach the server', async () => {
    const { backend, chat, log, attempt } = await setup();
    backend.onSend = async (req) => {
      attempt(req.text);
      if (log.length === 1) throw new ParleyError('forbidden', 'blocked', { status: 403 });
      backend.store('visitor', req.text);
      throw network(); // stored, but the answer is lost
    };
    const m = chat.send('hello');
    await settle();
    chat.retry(m.clientId!);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(log).toHaveLength(2);
    expect(chat.messages.value).toEqual([expect.objectContaining({ id: 's1', status: 'sent' })]);
  });

  it('keeps the answer of a send made before reset() out of the next conversation', async () => {
    const { backend, chat, ok } = await setup();
    const gate = deferred<SendResult>();
    backend.onSend = () => gate.promise;
    chat.send('for the previous visitor');
    await settle();
    // reset() gives the send 10 s to be answered for the previous visitor, then goes on without it.
    const resetting = chat.reset();
    await vi.advanceTimersByTimeAsync(10_000);
    await resetting;
    gate.resolve({ id: 'late', createdAt: new Date().toISOString() });
    await settle();
    backend.onSend = ok;
    await chat.start();
    expect(chat.messages.value).toEqual([]);
    chat.send('new');
    await settle();
    expect(chat.messages.value.map((m) => [m.text, m.status])).toEqual([['new', 'sent']]);
  });

  it('confirms a message whose send was on its way when the conversation ended, and never sends it again', async () => {
    const { backend, chat, ok } = await setup();
    const gate = deferred<void>();
    backend.onSend = async (req) => (await gate.promise, ok(req));
    chat.send('last words');
    await settle();
    backend.emit('ended', { reason: 'agent closed' });
    gate.resolve();
    await settle();
    expect(chat.messages.value.map((m) => [m.text, m.status])).toEqual([['last words', 'sent']]);
    backend.onSend = ok;
    await chat.startNew();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send).toHaveLength(1);
  });

  it('sends nothing more once destroyed, even when a send was on its way', async () => {
    const { backend, chat, ok } = await setup();
    const gate = deferred<void>();
    backend.onSend = async (req) => (await gate.promise, ok(req));
    chat.send('one');
    chat.send('two');
    await settle();
    chat.destroy();
    gate.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send.map((s) => s.text)).toEqual(['one']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
