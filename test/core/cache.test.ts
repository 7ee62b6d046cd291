import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/core/cache';
import type { Message } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory-store';

const msg = (i: number): Message => ({ id: `m${i}`, text: `${i}`, sender: 'agent', createdAt: new Date(i * 1000).toISOString() });

describe('cache layout', () => {
  it('keeps the newest 500 messages of a conversation', async () => {
    const cache = createCache(memoryStore(), 'pocketping', 'https://a.example/pp');
    await cache.set('v1', { messages: Array.from({ length: 600 }, (_, i) => msg(i)) });
    const c = await cache.get('v1');
    expect(c!.messages).toHaveLength(500);
    expect(c!.messages[0]!.id).toBe('m100');
    expect(c!.messages.at(-1)!.id).toBe('m599');
  });

  it('never mixes two backends, two scopes or two visitors', async () => {
    const store = memoryStore();
    const a = createCache(store, 'pocketping', 'https://a.example/pp');
    const b = createCache(store, 'pocketping', 'https://b.example/pp');
    const g = createCache(store, 'genesys', 'https://a.example/pp');
    await a.set(undefined, { id: 'v1', identity: { id: 'alice' } });
    await a.set('v1', { messages: [msg(1)] });
    await a.set('v2', { messages: [msg(2)] });
    expect(await b.get()).toBeUndefined();
    expect(await g.get()).toBeUndefined();
    expect(await b.get('v1')).toBeUndefined();
    await a.del('v1');
    expect(await a.get('v1')).toBeUndefined();
    expect((await a.get('v2'))!.messages).toEqual([msg(2)]);
    expect(await a.get()).toEqual({ id: 'v1', identity: { id: 'alice' } });
  });
});
