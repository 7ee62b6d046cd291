/**
 * Storage that cannot be corrupted or overwritten, through the chat: whatever is in the cache, the
 * chat boots, shows what is valid and chats; a store that never answers falls back to memory; a tab
 * writing its history never erases a message another tab queued.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat } from '../../src/core/chat';
import { ParleyError } from '../../src/core/errors';
import type { Message } from '../../src/core/types';
import type { KeyValueStore } from '../../src/storage/store';
import { listableStore } from '../helpers/stores';
import { makeChat } from './chat-helpers';
import { fakeBackend, type FakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);
const BASE = 'parley/fake/test/';
const network = () => new ParleyError('network', 'offline');

/** A chat that logs (so a test can count the debug lines about discarded records). */
function loggingChat(backend: FakeBackend, store: KeyValueStore, deps: { storageTimeoutMs?: number } = {}) {
  const logs: string[] = [];
  const chat = createChat(backend.spec(), { backend: 'fake' }, { store, random: () => 0.5, log: (level, message) => logs.push(`${level} ${message}`), ...deps });
  const errors: ParleyError[] = [];
  chat.on('error', (error) => errors.push(error));
  return { chat, logs, errors, texts: () => chat.messages.value.map((m) => m.text) };
}

/** Writes a visitor and, if given, that visitor's conversation value, as a corrupted cache would hold them. */
async function corrupted(conversation?: unknown, visitor: unknown = { id: 'v1' }) {
  const store = listableStore();
  await store.set(BASE + 'visitor', visitor);
  if (conversation !== undefined) await store.set(BASE + 'v1/chat', conversation);
  return store;
}

const valid: Message = { id: 's9', text: 'still here', sender: 'agent', createdAt: '2026-01-01T09:00:00.000Z' };

describe('a corrupted cache', () => {
  const shapes: [name: string, store: () => Promise<ReturnType<typeof listableStore>>][] = [
    ['visitor record "garbage"', () => corrupted(undefined, 'garbage')],
    ['visitor record 42', () => corrupted(undefined, 42)],
    ['visitor without a string id', () => corrupted(undefined, { id: 7 })],
    ['conversation "garbage"', () => corrupted('garbage')],
    ['conversation {messages: "not a list"}', () => corrupted({ messages: 'not a list' })],
    ['conversation of another schema version', () => corrupted({ version: 99, messages: [valid] })],
  ];
  for (const [name, makeStore] of shapes) {
    it(`boots and chats with a ${name}, with one debug log`, async () => {
      const backend = fakeBackend();
      const { chat, logs, errors } = loggingChat(backend, await makeStore());
      await chat.start();
      expect(chat.status.value).toBe('online');
      chat.send('hello');
      await settle();
      expect(backend.server.map((m) => m.text)).toEqual(['hello']);
      expect(chat.messages.value.map((m) => m.status)).toEqual(['sent']);
      expect(logs.filter((line) => line.startsWith('debug cache: discarded'))).toHaveLength(1);
      expect(errors).toEqual([]);
    });
  }

  it('drops only the invalid messages of a list: {messages: [null, valid]} shows the valid one', async () => {
    const backend = fakeBackend();
    const store = await corrupted({ session: 'not an object', messages: [null, valid, { id: 3, text: 4 }] });
    const { chat, logs, texts } = loggingChat(backend, store);
    backend.onConnect = async () => new Promise(() => undefined); // never answers: what shows is the cache
    void chat.start();
    await settle();
    expect(texts()).toEqual(['still here']);
    expect(logs.filter((line) => line.startsWith('debug cache: discarded'))).toHaveLength(1);
    expect(backend.calls.connect[0]!.session).toBeUndefined();
  });

  it('discards a queued message whose text is a number, and sends the valid one', async () => {
    const backend = fakeBackend();
    const store = await corrupted();
    const queued = (clientId: string, text: unknown) => ({
      version: 1,
      message: { id: clientId, clientId, text, sender: 'visitor', createdAt: '2026-01-01T09:59:00.000Z', status: 'sending' },
    });
    await store.set(BASE + 'v1/outbox/bad', queued('bad', 42));
    await store.set(BASE + 'v1/outbox/good', queued('good', 'queued before the reload'));
    const { chat, logs, texts } = loggingChat(backend, store);
    await chat.start();
    await settle();
    expect(texts()).toEqual(['queued before the reload']);
    expect(backend.server.map((m) => m.text)).toEqual(['queued before the reload']);
    expect(logs.filter((line) => line.startsWith('debug cache: discarded'))).toHaveLength(1);
    expect(await store.keys(BASE + 'v1/outbox/')).toEqual([]); // the bad one deleted, the good one sent
  });
});

describe('a store that never answers', () => {
  it('falls back to memory after the timeout: the chat connects and sends', async () => {
    const backend = fakeBackend();
    const never = () => new Promise<never>(() => undefined);
    const hanging: KeyValueStore = { get: never, set: never, del: never, entries: never };
    const { chat, logs } = loggingChat(backend, hanging, { storageTimeoutMs: 200 });
    const started = chat.start();
    await vi.advanceTimersByTimeAsync(199);
    expect(chat.status.value).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1000);
    await started;
    expect(chat.status.value).toBe('online');
    chat.send('hello');
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.server.map((m) => m.text)).toEqual(['hello']);
    expect(chat.messages.value[0]!.status).toBe('sent');
    expect(logs.filter((line) => line.includes('memory'))).toHaveLength(1);
  });
});

describe('two tabs of one visitor', () => {
  it("never lose a queued message when another tab writes the conversation", async () => {
    const backend = fakeBackend();
    const store = listableStore();
    const tabB = makeChat(backend, store);
    await tabB.chat.start();
    const tabA = makeChat(backend, store);
    await tabA.chat.start();
    // Tab A goes offline and queues two messages, then is closed.
    backend.onSend = async () => {
      throw network();
    };
    backend.emit('link', 'down');
    tabA.chat.send('one');
    tabA.chat.send('two');
    await settle();
    tabA.chat.destroy();
    // Tab B, online, receives an operator message and writes the conversation.
    backend.onSend = async (req) => {
      const m = backend.store('visitor', req.text);
      return { id: m.id, createdAt: m.createdAt };
    };
    backend.emit('link', 'live');
    backend.agentSays('operator reply');
    await vi.advanceTimersByTimeAsync(1000);
    tabB.chat.destroy();
    // The next page sends them, once each.
    const next = makeChat(backend, store);
    await next.chat.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.server.map((m) => m.text)).toEqual(['operator reply', 'one', 'two']);
    expect(next.texts()).toEqual(['operator reply', 'one', 'two']);
    expect(await store.keys(BASE)).not.toContainEqual(expect.stringContaining('/outbox/'));
  });
});

describe('a reload of a returning visitor', () => {
  it('reads the visitor and the conversation without writing the unchanged visitor back first', async () => {
    const store = listableStore();
    await store.set(BASE + 'visitor', { version: 1, id: 'v1' });
    await store.set(BASE + 'v1/chat', { version: 1, messages: [valid] });
    const writes: string[] = [];
    const set = store.set;
    store.set = (key, value) => {
      writes.push(key);
      return set(key, value);
    };
    const backend = fakeBackend();
    const { chat, texts } = loggingChat(backend, store);
    backend.onConnect = async () => new Promise(() => undefined); // never answers: what shows is the cache
    void chat.start();
    await settle();
    expect(texts()).toEqual(['still here']);
    expect(writes).not.toContain(BASE + 'visitor');
  });
});
