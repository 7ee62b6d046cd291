import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { READ_BATCH_MS } from '../../src/core/incoming';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('unread', () => {
  it('counts incoming messages while the window is closed and clears them, read, when it opens', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'history is not unread');
    const { chat, events } = makeChat(backend);
    await chat.start();
    const m1 = backend.agentSays('one');
    const m2 = backend.agentSays('two');
    backend.emit('message', m2); // duplicate push
    const own = chat.send('mine');
    await settle();
    backend.emit('message', { ...backend.server.at(-1)!, clientId: own.clientId }); // echo of our own
    expect(chat.unread.value).toBe(2);
    expect(events('unread')).toEqual([1, 2]);
    expect(events('message').map((m) => m.text)).toEqual(['one', 'two']);
    expect(backend.calls.markRead).toEqual([]);

    chat.setOpen(true);
    expect(chat.isOpen.value).toBe(true);
    expect(chat.unread.value).toBe(0);
    expect(events('unread')).toEqual([1, 2, 0]);
    expect(backend.calls.markRead).toEqual([[m1.id, m2.id]]);

    const m3 = backend.agentSays('while open');
    expect(chat.unread.value).toBe(0);
    // Marked read with the next batch (a burst is marked together).
    await vi.advanceTimersByTimeAsync(READ_BATCH_MS);
    expect(backend.calls.markRead.at(-1)).toEqual([m3.id]);

    chat.setOpen(false);
    chat.setOpen(false);
    expect(events('open')).toHaveLength(1);
    expect(events('close')).toHaveLength(1);
  });

  it('sends no read marks to a backend without read receipts', async () => {
    const backend = fakeBackend({ readReceipts: false });
    const { chat } = makeChat(backend);
    await chat.start();
    backend.agentSays('hi');
    chat.setOpen(true);
    backend.agentSays('again');
    expect(backend.calls.markRead).toEqual([]);
  });
});

describe('typing', () => {
  it('tells the backend at most every 2 s while typing, and stops after 3 s idle or on send', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.start();
    for (let i = 0; i < 10; i++) {
      chat.setTyping(true);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(backend.calls.typing).toEqual([true, true, true]); // at 0, 2 s, 4 s
    await vi.advanceTimersByTimeAsync(3000);
    expect(backend.calls.typing).toEqual([true, true, true, false]);

    chat.setTyping(true);
    chat.send('done typing');
    expect(backend.calls.typing.slice(4)).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.calls.typing).toHaveLength(6);
  });

  it('sends nothing to a backend without typing', async () => {
    const backend = fakeBackend({ typing: false });
    const { chat } = makeChat(backend);
    await chat.start();
    chat.setTyping(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.calls.typing).toEqual([]);
  });

  it('shows the agent typing until their message comes or 15 s pass', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.start();
    backend.emit('typing', { sender: 'visitor', typing: true });
    expect(chat.agentTyping.value).toBeNull(); // our own echo
    backend.emit('typing', { sender: 'agent', typing: true, name: 'Sam' });
    expect(chat.agentTyping.value).toEqual({ name: 'Sam' });
    backend.agentSays('here I am');
    expect(chat.agentTyping.value).toBeNull();
    backend.emit('typing', { sender: 'agent', typing: true });
    await vi.advanceTimersByTimeAsync(14_000);
    expect(chat.agentTyping.value).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(chat.agentTyping.value).toBeNull();
  });
});

describe('backend events', () => {
  it('reflects presence, custom events, satisfaction requests and warnings', async () => {
    const backend = fakeBackend();
    const ok = backend.onConnect;
    backend.onConnect = async (req) => ({ ...(await ok(req)), operatorOnline: false, welcomeMessage: 'Hello from the server' });
    const { chat, events } = makeChat(backend, undefined, { welcomeMessage: 'configured' });
    expect(chat.welcomeMessage.value).toBe('configured');
    await chat.start();
    expect(chat.operatorOnline.value).toBe(false);
    expect(chat.welcomeMessage.value).toBe('Hello from the server');
    backend.emit('presence', { online: true });
    expect(chat.operatorOnline.value).toBe(true);
    backend.emit('event', { name: 'coupon', data: { code: 'X' } });
    expect(events('event')).toEqual([{ name: 'coupon', data: { code: 'X' } }]);
    backend.emit('csat', {});
    expect(chat.csat.value).toBe('requested');
    await chat.submitCsat(5, 'great');
    expect(chat.csat.value).toBe('submitted');
    backend.emit('warning', new ParleyError('version', 'A newer widget version is available', { retryable: true }));
    expect(events('error').map((e) => e.code)).toEqual(['version']);
    expect(chat.status.value).toBe('online');
  });

  it('ends with the conversation, refuses new messages, and startNew() begins another one', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'bye');
    const { chat } = makeChat(backend);
    await chat.start();
    backend.emit('ended', { reason: 'agent closed' });
    expect(chat.status.value).toBe('ended');
    expect(() => chat.send('wait')).toThrow(expect.objectContaining({ code: 'ended' }));
    backend.conversation = 'c2';
    backend.server = [];
    await chat.startNew();
    expect(backend.calls.connect.at(-1)!.session).toBeUndefined();
    expect(chat.status.value).toBe('online');
    expect(chat.messages.value).toEqual([]);
  });

  it('queues custom events until connected', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    const sent = chat.trigger('page_view', { path: '/pricing' });
    expect(backend.calls.trigger).toEqual([]);
    await chat.start();
    await sent;
    expect(backend.calls.trigger).toEqual([{ name: 'page_view', data: { path: '/pricing' } }]);
  });

  it('never sends a custom event queued before a reset or a change of visitor to the next visitor', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    const beforeReset = chat.trigger('cart_viewed', { items: 3 });
    await chat.reset();
    await expect(beforeReset).rejects.toMatchObject({ code: 'ended' });
    await chat.identify({ id: 'first-user' });
    const beforeOther = chat.trigger('cart_viewed', { items: 4 });
    await chat.identify({ id: 'someone-else' });
    await expect(beforeOther).rejects.toMatchObject({ code: 'ended' });
    await chat.start();
    await chat.trigger('page_view');
    expect(backend.calls.trigger).toEqual([{ name: 'page_view', data: undefined }]);
  });

  it('lists an older page before the messages it has, also those of the same millisecond', async () => {
    const backend = fakeBackend();
    // Two messages stored in one millisecond, on either side of a page boundary.
    const later = backend.store('agent', 'message 160');
    backend.onConnect = async () => ({ session: { conversation: backend.conversation }, messages: [later], resumed: false, hasMoreBefore: true });
    backend.onFetchBefore = async () => ({ messages: [{ id: 's159', text: 'message 159', sender: 'agent', createdAt: later.createdAt }], hasMore: false });
    const { chat, texts } = makeChat(backend);
    await chat.start();
    await chat.loadOlder();
    expect(texts()).toEqual(['message 159', 'message 160']);
  });

  it('loads older history before the oldest known message', async () => {
    const backend = fakeBackend();
    backend.store('agent', 'recent');
    const ok = backend.onConnect;
    backend.onConnect = async (req) => ({ ...(await ok(req)), hasMoreBefore: true });
    const { chat, events, texts } = makeChat(backend);
    await chat.start();
    expect(chat.hasOlder.value).toBe(true);
    await chat.loadOlder();
    expect(backend.calls.fetchBefore).toEqual(['s1']);
    expect(texts()).toEqual(['older', 'recent']);
    expect(chat.hasOlder.value).toBe(false);
    expect(events('message')).toEqual([]);
  });
});
