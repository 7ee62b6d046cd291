import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/storage/memory-store';

describe('memoryStore()', () => {
  it('stores and deletes values', async () => {
    const s = memoryStore();
    await s.set('parley/a/1', { n: 1 });
    await s.set('parley/a/2', [1, 2]);
    await s.set('parley/b/1', 'x');
    expect(await s.get('parley/a/1')).toEqual({ n: 1 });
    await s.del('parley/a/1');
    expect(await s.get('parley/a/1')).toBeUndefined();
    expect(await s.get('parley/a/2')).toEqual([1, 2]);
  });

  it('keeps a copy: changing an object after set() or get() does not change what is stored', async () => {
    const s = memoryStore();
    const value = { list: [1] };
    await s.set('k', value);
    value.list.push(2);
    const read = await s.get<{ list: number[] }>('k');
    read!.list.push(3);
    expect(await s.get('k')).toEqual({ list: [1] });
  });

  it('lists the entries under a prefix, and only those', async () => {
    const s = memoryStore();
    await s.set('parley/a/outbox/1', { text: 'one' });
    await s.set('parley/a/chat', { messages: [] });
    await s.set('parley/ab/outbox/2', { text: 'two' });
    expect(await s.entries('parley/a/outbox/')).toEqual([['parley/a/outbox/1', { text: 'one' }]]);
  });
});
