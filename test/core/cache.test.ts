import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/core/cache';
import type { Message } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory-store';

const msg = (i: number): Message => ({ id: `m${i}`, text: `${i}`, sender: 'agent', createdAt: new Date(i * 1000).toISOString() });
const queued = (clientId: string, text: string): Message => ({
  id: clientId,
  clientId,
  text,
  sender: 'visitor',
  createdAt: new Date(5000).toISOString(),
  status: 'sending',
});

describe('cache layout', () => {
  it('keeps the newest 500 messages of a conversation', async () => {
    const cache = createCache(memoryStore(), 'pocketping', 'https://a.example/pp');
    await cache.setConversation('v1', { messages: Array.from({ length: 600 }, (_, i) => msg(i)) });
    const c = await cache.getConversation('v1');
    expect(c!.messages).toHaveLength(500);
    expect(c!.messages[0]!.id).toBe('m100');
    expect(c!.messages.at(-1)!.id).toBe('m599');
  });

  it('never mixes two backends, two scopes or two visitors', async () => {
    const store = memoryStore();
    const a = createCache(store, 'pocketping', 'https://a.example/pp');
    const b = createCache(store, 'pocketping', 'https://b.example/pp');
    const g = createCache(store, 'genesys', 'https://a.example/pp');
    await a.setVisitor({ id: 'v1', identity: { id: 'alice' } });
    await a.setConversation('v1', { messages: [msg(1)] });
    await a.setQueued('v1', queued('c1', 'queued'));
    await a.setConversation('v2', { messages: [msg(2)] });
    expect(await b.getVisitor()).toBeUndefined();
    expect(await g.getVisitor()).toBeUndefined();
    expect(await b.getConversation('v1')).toBeUndefined();
    await a.forget('v1');
    expect(await a.getConversation('v1')).toBeUndefined();
    expect((await a.getConversation('v2'))!.messages).toEqual([msg(2)]);
    expect(await a.getVisitor()).toEqual({ id: 'v1', identity: { id: 'alice' } });
  });

  it('keeps each queued message in a record of its own: writing the history never drops one', async () => {
    const store = memoryStore();
    const tabA = createCache(store, 'pocketping', 'https://a.example/pp');
    const tabB = createCache(store, 'pocketping', 'https://a.example/pp');
    await tabA.setQueued('v1', queued('c1', 'first'));
    await tabA.setQueued('v1', queued('c2', 'second'));
    // Tab B never saw them, and writes the history it has.
    await tabB.setConversation('v1', { messages: [msg(1)], unread: 1 });
    const read = await tabB.getConversation('v1');
    expect(read!.messages).toEqual([msg(1)]);
    expect(read!.unread).toBe(1);
    expect(read!.queued.map((m) => m.text)).toEqual(['first', 'second']);
    await tabB.deleteQueued('v1', 'c1');
    expect((await tabA.getConversation('v1'))!.queued.map((m) => m.text)).toEqual(['second']);
  });
});
