import { effect } from '@preact/signals-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory-store';
import { listableStore } from '../helpers/stores';
import type { ConnectResult } from '../../src/core/transport';
import { makeChat } from './chat-helpers';
import { deferred, fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('starting', () => {
  it('shows the cached history before the backend answers', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'Hello');
    const store = memoryStore();
    const first = makeChat(backend, store);
    await first.chat.start();
    expect(first.texts()).toEqual(['Hello']);
    first.chat.destroy();
    await settle();

    const gate = deferred<ConnectResult>();
    let shownWhenConnecting: string[] = [];
    backend.onConnect = async () => {
      shownWhenConnecting = second.texts();
      return gate.promise;
    };
    const second = makeChat(backend, store);
    const started = second.chat.start();
    await settle();
    expect(second.chat.status.value).toBe('connecting');
    expect(shownWhenConnecting).toEqual(['Hello']);
    expect(backend.calls.connect[1]).toEqual({ ...backend.calls.connect[0], session: { conversation: 'c1' } });

    const newer = backend.store('agent', 'Anyone there?');
    gate.resolve({ session: { conversation: 'c1' }, messages: backend.server.slice(), resumed: true });
    await started;
    expect(second.chat.status.value).toBe('online');
    expect(second.texts()).toEqual(['Hello', 'Anyone there?']);
    expect(second.events('message')).toEqual([]); // history is not announced
    expect(newer.id).toBe('s2');
  });

  it('drops the cached history when the backend starts a new conversation', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'Old conversation');
    const store = memoryStore();
    const first = makeChat(backend, store);
    await first.chat.start();
    first.chat.destroy();
    backend.conversation = 'c2';
    backend.server = [];
    const second = makeChat(backend, store);
    await second.chat.start();
    expect(second.texts()).toEqual([]);
  });

  it('emits ready once and status on every change', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    await chat.start(); // idempotent
    backend.emit('link', 'down');
    backend.emit('link', 'live');
    await settle();
    expect(events('ready')).toHaveLength(1);
    expect(events('status')).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    expect(backend.calls.connect).toHaveLength(1);
  });

  it('retries a connect that failed on the network, with backoff, and recovers', async () => {
    const backend = fakeBackend();
    const ok = backend.onConnect;
    const times: number[] = [];
    const t0 = Date.now();
    backend.onConnect = async (req) => {
      times.push(Date.now() - t0);
      if (times.length < 3) throw new ParleyError('network', 'Failed to fetch');
      return ok(req);
    };
    const { chat, events } = makeChat(backend);
    await chat.start();
    expect(chat.status.value).toBe('offline');
    expect(chat.error.value?.code).toBe('network');
    await vi.advanceTimersByTimeAsync(5000);
    expect(times).toEqual([0, 500, 1500]); // random 0.5 → 500 ms, then 1000 ms
    expect(chat.status.value).toBe('online');
    expect(chat.error.value).toBeNull();
    expect(events('error')).toEqual([]);
  });

  it('stops on a refusal: status error, one error event, no retry loop', async () => {
    const backend = fakeBackend();
    backend.onConnect = async () => {
      throw new ParleyError('forbidden', 'Forbidden', { status: 403 });
    };
    const { chat, events } = makeChat(backend);
    await chat.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(chat.status.value).toBe('error');
    expect(chat.error.value?.code).toBe('forbidden');
    expect(events('error').map((e) => e.code)).toEqual(['forbidden']);
    expect(backend.calls.connect).toHaveLength(1);
  });

  it('treats a fatal transport error after connect the same way, once', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    backend.emit('error', new ParleyError('version', 'Widget version unsupported', { status: 426 }));
    backend.emit('error', new ParleyError('version', 'Widget version unsupported', { status: 426 }));
    expect(chat.status.value).toBe('error');
    expect(events('error')).toHaveLength(1);
    expect(backend.calls.disconnect).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('identity', () => {
  it('never shows or sends the previous user\'s conversation to the next user', async () => {
    const backend = fakeBackend();
    const store = listableStore();
    // User A chats, and leaves one message unsent (the backend is unreachable at the end).
    const a = makeChat(backend, store, { user: { id: 'alice' } });
    await a.chat.start();
    backend.agentSays('Hi Alice, your order #42 shipped');
    a.chat.send('my address is 1 Secret St');
    await settle();
    backend.onConnect = async () => {
      throw new ParleyError('network', 'down');
    };
    backend.emit('link', 'down');
    a.chat.send('still there?');
    a.chat.destroy();
    await settle();
    const aliceVisitor = backend.calls.connect[0]!.visitorId;

    // User B logs in on the same browser.
    backend.onConnect = async (req) => ({ session: { conversation: `for-${req.visitorId}` }, messages: [], resumed: false });
    const sends = backend.calls.send.length;
    const bob = makeChat(backend, store);
    const seen: string[][] = [];
    const stop = effect(() => void seen.push(bob.chat.messages.value.map((m) => m.text)));
    await bob.chat.identify({ id: 'bob' });
    await bob.chat.start();
    await vi.advanceTimersByTimeAsync(60_000);
    stop();
    expect(seen.flat()).toEqual([]);
    const req = backend.calls.connect.at(-1)!;
    expect(req.identity).toEqual({ id: 'bob' });
    expect(req.visitorId).not.toBe(aliceVisitor);
    expect(req.session).toBeUndefined();
    expect(backend.calls.send).toHaveLength(sends); // Alice's queued message was not sent as Bob
    expect((await store.keys()).some((k) => k.includes(aliceVisitor))).toBe(false);
  });

  it('starts a new conversation when another user identifies while connected', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.identify({ id: 'alice' });
    await chat.start();
    backend.agentSays('for Alice');
    expect(chat.messages.value).toHaveLength(1);
    backend.onConnect = async () => ({ session: { conversation: 'bob' }, messages: [], resumed: false });
    await chat.identify({ id: 'bob', name: 'Bob' });
    expect(chat.messages.value).toEqual([]);
    expect(chat.identity.value).toEqual({ id: 'bob', name: 'Bob' });
    expect(backend.calls.disconnect).toBe(1);
    await settle();
    expect(backend.calls.connect).toHaveLength(2);
    expect(backend.calls.connect[1]).toMatchObject({ identity: { id: 'bob', name: 'Bob' } });
    expect(backend.calls.connect[1]!.visitorId).not.toBe(backend.calls.connect[0]!.visitorId);
    expect(events('identify')).toEqual([{ id: 'alice' }, { id: 'bob', name: 'Bob' }]);
    expect(chat.status.value).toBe('online');
  });

  it('starts afresh for another person after the previous conversation ended', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.identify({ id: 'alice' });
    await chat.start();
    backend.agentSays('goodbye Alice');
    backend.emit('ended', { reason: 'agent left' });
    await settle();
    expect(chat.status.value).toBe('ended');
    backend.onConnect = async () => ({ session: { conversation: 'bob' }, messages: [], resumed: false });
    await chat.identify({ id: 'bob' });
    await settle();
    expect(chat.status.value).toBe('online');
    expect(chat.messages.value).toEqual([]);
    expect(backend.calls.connect.at(-1)).toMatchObject({ identity: { id: 'bob' } });
    expect(() => chat.send('hello from Bob')).not.toThrow();
  });

  it('keeps the conversation when an anonymous visitor identifies, and sends the identity once connected', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    const { chat } = makeChat(backend, store);
    const gate = deferred<void>();
    const ok = backend.onConnect;
    backend.onConnect = async (req) => (await gate.promise, ok(req));
    const started = chat.start();
    await settle();
    await chat.identify({ id: 'u1', email: 'u1@example.com' });
    expect(backend.calls.identify).toEqual([]); // queued until connected
    gate.resolve();
    await started;
    expect(backend.calls.identify).toEqual([{ id: 'u1', email: 'u1@example.com' }]);
    await chat.identify({ id: 'u1', email: 'new@example.com' });
    expect(backend.calls.identify.at(-1)).toEqual({ id: 'u1', email: 'new@example.com' });
    expect(backend.calls.connect).toHaveLength(1);
    chat.destroy();

    // The identity survives a reload.
    const again = makeChat(backend, store);
    await again.chat.start();
    expect(again.chat.identity.value).toEqual({ id: 'u1', email: 'new@example.com' });
    expect(backend.calls.connect[1]).toMatchObject({ visitorId: backend.calls.connect[0]!.visitorId, identity: { id: 'u1', email: 'new@example.com' } });
  });

  it('rejects an identity without an id', async () => {
    const { chat } = makeChat(fakeBackend());
    await expect(chat.identify({ id: '' })).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('reset()', () => {
  it('forgets identity, session, history and outbox, and the next start is a fresh conversation', async () => {
    const backend = fakeBackend();
    const store = listableStore();
    const { chat, events } = makeChat(backend, store, { user: { id: 'alice' } });
    await chat.start();
    backend.agentSays('hello Alice');
    chat.setOpen(false);
    backend.onSend = async () => {
      throw new ParleyError('forbidden', 'no');
    };
    chat.send('will fail');
    await settle();
    const old = backend.calls.connect[0]!.visitorId;

    await chat.reset();
    expect(chat.messages.value).toEqual([]);
    expect(chat.identity.value).toBeNull();
    expect(chat.unread.value).toBe(0);
    expect(chat.status.value).toBe('idle');
    expect(events('reset')).toHaveLength(1);
    expect((await store.keys()).some((k) => k.includes(old))).toBe(false);

    await chat.start();
    const req = backend.calls.connect[1]!;
    expect(req.visitorId).not.toBe(old);
    expect(req.session).toBeUndefined();
    expect(req.identity).toBeUndefined();
  });
});

describe('destroy()', () => {
  it('leaves no timer running and no listener called', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend, memoryStore(), { pollInterval: 1000 });
    await chat.start();
    backend.emit('link', 'polling'); // poll timer
    backend.emit('typing', { sender: 'agent', typing: true }); // agent typing timeout
    chat.setTyping(true); // typing stop timer
    backend.onSend = async () => {
      throw new ParleyError('network', 'down');
    };
    chat.send('hello'); // outbox backoff
    backend.agentSays('hi'); // (its cache write runs at once)
    await settle();
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(2);
    const before = events('status').length;
    chat.destroy();
    expect(vi.getTimerCount()).toBe(0);
    const fetches = backend.calls.fetchSince.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(backend.calls.fetchSince).toHaveLength(fetches);
    expect(events('status')).toHaveLength(before);
    expect(await chat.start()).toBeUndefined();
    expect(backend.calls.connect).toHaveLength(1);
  });
});
