import { effect } from '@preact/signals-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory-store';
import type { SendResult } from '../../src/core/transport';
import { makeChat } from './chat-helpers';
import { deferred, fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);
const offline = () => new ParleyError('network', 'Failed to fetch');

describe('send()', () => {
  it('shows the message at once as sending, then as sent with the server id', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    const gate = deferred<void>();
    const ok = backend.onSend;
    backend.onSend = async (req) => (await gate.promise, ok(req));
    const m = chat.send('  Hello there \n');
    expect(m).toMatchObject({ id: m.clientId, text: 'Hello there', sender: 'visitor', status: 'sending' });
    expect(chat.messages.value).toEqual([m]);
    gate.resolve();
    await settle();
    expect(backend.calls.send).toEqual([{ clientId: m.clientId, text: 'Hello there' }]);
    expect(chat.messages.value).toEqual([{ ...m, id: 's1', createdAt: backend.server[0]!.createdAt, status: 'sent' }]);
    expect(events('sent')).toEqual([chat.messages.value[0]]);
  });

  it('refuses empty and over-long messages', async () => {
    const { chat } = makeChat(fakeBackend());
    expect(() => chat.send('   ')).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => chat.send('x'.repeat(4001))).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(chat.messages.value).toEqual([]);
    expect(() => chat.send('x'.repeat(4000))).not.toThrow();
  });

  it('connects by itself when the visitor writes before the chat was started', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    chat.send('first words');
    await settle();
    expect(chat.status.value).toBe('online');
    expect(backend.server.map((m) => m.text)).toEqual(['first words']);
  });

  it('shows one message when the echo arrives before the send result', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.start();
    const answer = deferred<SendResult>();
    backend.onSend = async (req) => {
      const stored = backend.store('visitor', req.text);
      backend.emit('message', stored); // the server broadcasts before answering the POST
      setTimeout(() => answer.resolve({ id: stored.id, createdAt: stored.createdAt }), 50);
      return answer.promise;
    };
    const counts: number[] = [];
    const stop = effect(() => void counts.push(chat.messages.value.filter((m) => m.text === 'hello').length));
    chat.send('hello');
    await vi.advanceTimersByTimeAsync(100);
    stop();
    expect(Math.max(...counts)).toBe(1);
    expect(chat.messages.value).toEqual([expect.objectContaining({ id: 's1', status: 'sent', text: 'hello' })]);
  });

  it('never sends twice when the answer was lost after the server stored the message', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    backend.onSend = async (req) => {
      backend.store('visitor', req.text);
      throw offline(); // stored, but the answer never arrived
    };
    chat.send('only once please');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(backend.calls.send).toHaveLength(1);
    expect(backend.server.map((m) => m.text)).toEqual(['only once please']);
    expect(chat.messages.value).toEqual([expect.objectContaining({ id: 's1', status: 'sent' })]);
    expect(events('sent')).toHaveLength(1);
  });

  it('does send again when the catch-up shows the first attempt never arrived', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.start();
    const ok = backend.onSend;
    let attempts = 0;
    backend.onSend = async (req) => {
      if (++attempts === 1) throw offline();
      return ok(req);
    };
    chat.send('try again');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(backend.calls.fetchSince.length).toBeGreaterThan(0);
    expect(backend.calls.send).toHaveLength(2);
    expect(backend.server.map((m) => m.text)).toEqual(['try again']);
    expect(chat.messages.value[0]!.status).toBe('sent');
  });

  it('marks a refused message failed, reports it, and sends it on retry()', async () => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.start();
    const ok = backend.onSend;
    backend.onSend = async () => {
      throw new ParleyError('forbidden', 'blocked', { status: 403 });
    };
    const m = chat.send('blocked?');
    await settle();
    expect(chat.messages.value[0]!.status).toBe('failed');
    expect(events('error').map((e) => e.code)).toEqual(['forbidden']);
    backend.onSend = ok;
    chat.retry(m.clientId!);
    expect(chat.messages.value[0]!.status).toBe('sending');
    await settle();
    expect(chat.messages.value[0]).toMatchObject({ status: 'sent', id: 's1' });
  });
});

describe('the outbox across reloads', () => {
  it('resumes sending, in order, what the previous page could not send', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    const ok = backend.onConnect;
    backend.onConnect = async () => {
      throw offline();
    };
    const first = makeChat(backend, store);
    await first.chat.start();
    first.chat.send('one');
    first.chat.send('two');
    await settle();
    first.chat.destroy();
    await settle();

    backend.onConnect = ok;
    const second = makeChat(backend, store);
    // Shown from the cache before anything is sent.
    const started = second.chat.start();
    await settle();
    await started;
    await settle();
    expect(backend.calls.send.map((s) => s.text)).toEqual(['one', 'two']);
    expect(second.chat.messages.value.map((m) => [m.text, m.status])).toEqual([
      ['one', 'sent'],
      ['two', 'sent'],
    ]);
    expect(second.events('sent')).toHaveLength(2);
  });

  it('does not send again a message whose send was cut by the reload but reached the server', async () => {
    const backend = fakeBackend();
    const store = memoryStore();
    const first = makeChat(backend, store);
    await first.chat.start();
    backend.onSend = (req) => {
      backend.store('visitor', req.text);
      return new Promise<SendResult>(() => {}); // the page closes before the answer
    };
    first.chat.send('sent just before closing');
    await settle();
    first.chat.destroy();
    await settle();

    const sends = backend.calls.send.length;
    const second = makeChat(backend, store);
    await second.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.calls.send).toHaveLength(sends);
    expect(backend.server).toHaveLength(1);
    expect(second.chat.messages.value).toEqual([expect.objectContaining({ id: 's1', text: 'sent just before closing', status: 'sent' })]);
  });
});

describe('edit() and remove()', () => {
  it('apply the patch the backend returns', async () => {
    const backend = fakeBackend();
    const { chat } = makeChat(backend);
    await chat.start();
    const m = chat.send('typo');
    await settle();
    await chat.edit(m.clientId!, 'fixed');
    expect(chat.messages.value[0]).toMatchObject({ text: 'fixed', editedAt: expect.any(String) });
    await chat.remove('s1');
    expect(chat.messages.value[0]).toMatchObject({ text: '', deleted: true });
  });

  it('reject with "unsupported" when the backend cannot', async () => {
    const backend = fakeBackend({ editDelete: false, customEvents: false, csat: false, endConversation: false });
    const { chat } = makeChat(backend);
    await chat.start();
    await expect(chat.edit('s1', 'x')).rejects.toMatchObject({ code: 'unsupported' });
    await expect(chat.remove('s1')).rejects.toMatchObject({ code: 'unsupported' });
    await expect(chat.trigger('x')).rejects.toMatchObject({ code: 'unsupported' });
    await expect(chat.submitCsat(5)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(chat.end()).rejects.toMatchObject({ code: 'unsupported' });
  });
});
