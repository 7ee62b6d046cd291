/**
 * reset() and identify() as another user never drop a queued message silently: sent for the old
 * visitor first while online, otherwise reported (`error`, code `ended`, with the texts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import type { SendResult } from '../../src/core/transport';
import { listableStore } from '../helpers/stores';
import { makeChat } from './chat-helpers';
import { deferred, fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('changing the visitor with messages queued', () => {
  it('reset() while online sends them for the old visitor first, then starts afresh', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    const oldVisitor = backend.calls.connect[0]!.visitorId;
    const ok = backend.onSend;
    const gate = deferred<void>();
    backend.onSend = async (req) => {
      await gate.promise;
      return ok(req);
    };
    chat.send('one');
    chat.send('two');
    await settle();
    const resetting = chat.reset();
    await settle();
    expect(events('reset')).toHaveLength(0); // still sending for the old visitor
    gate.resolve();
    await resetting;
    expect(backend.server.map((m) => m.text)).toEqual(['one', 'two']);
    expect(events('sent').map((m) => m.text)).toEqual(['one', 'two']);
    expect(events('error')).toEqual([]);
    expect(events('reset')).toHaveLength(1);
    expect(chat.messages.value).toEqual([]);
    await chat.start();
    expect(backend.calls.connect.at(-1)!.visitorId).not.toBe(oldVisitor);
  });

  it('identify() as another user while offline reports them (ended, with the texts) and sends nothing as the new user', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.identify({ id: 'alice' });
    await chat.start();
    backend.emit('link', 'down');
    chat.send('one');
    chat.send('two');
    await settle();
    await chat.identify({ id: 'bob' });
    await vi.advanceTimersByTimeAsync(30_000);
    const errors = events('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ParleyError);
    expect(errors[0]).toMatchObject({ code: 'ended', texts: ['one', 'two'] });
    expect(backend.calls.send).toHaveLength(0);
    expect(chat.messages.value).toEqual([]);
  });

  it('reset() while a send keeps failing reports what is left after the wait', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    const never = deferred<SendResult>();
    backend.onSend = () => never.promise;
    chat.send('stuck');
    await settle();
    const resetting = chat.reset();
    await vi.advanceTimersByTimeAsync(10_000);
    await resetting;
    expect(events('error').map((e) => [e.code, e.texts])).toEqual([['ended', ['stuck']]]);
    expect(events('reset')).toHaveLength(1);
  });

  it('a page that finds the previous user\'s queued messages reports them', async () => {
    const backend = fakeBackend();
    const store = listableStore();
    const alice = makeChat(backend, store);
    await alice.chat.identify({ id: 'alice' });
    await alice.chat.start();
    backend.emit('link', 'down');
    alice.chat.send('left by Alice');
    await settle();
    alice.chat.destroy();

    const bob = makeChat(backend, store);
    await bob.chat.identify({ id: 'bob' });
    await bob.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(bob.events('error').map((e) => [e.code, e.texts])).toEqual([['ended', ['left by Alice']]]);
    expect(backend.calls.send).toHaveLength(0);
    expect(bob.texts()).toEqual([]);
  });
});
