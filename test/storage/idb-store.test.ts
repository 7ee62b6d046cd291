// Real IndexedDB semantics in Node, for this file only.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fallbackStore } from '../../src/storage/fallback-store';
import { idbStore } from '../../src/storage/idb-store';
import type { KeyValueStore } from '../../src/storage/store';

describe('idbStore()', () => {
  it('keeps values in Parley\'s own database, never idb-keyval\'s shared one', async () => {
    const s = idbStore();
    await s.set('parley/x/visitor', { id: 'v1', identity: { id: 'u1', name: 'Ada' } });
    expect(await s.get('parley/x/visitor')).toEqual({ id: 'v1', identity: { id: 'u1', name: 'Ada' } });
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toContain('parley');
    expect(names).not.toContain('keyval-store');
  });

  it('stores and deletes values by key', async () => {
    const s = idbStore();
    await s.set('p/one/a', 1);
    await s.set('p/one/b', { n: 2 });
    await s.del('p/one/a');
    expect(await s.get('p/one/a')).toBeUndefined();
    expect(await s.get('p/one/b')).toEqual({ n: 2 });
  });

  it('lists the entries under a prefix, and only those', async () => {
    const s = idbStore();
    await s.set('list/v1/outbox/a', { text: 'a' });
    await s.set('list/v1/outbox/b', { text: 'b' });
    await s.set('list/v1/chat', { messages: [] });
    await s.set('list/v10/outbox/c', { text: 'c' });
    expect(await s.entries('list/v1/outbox/')).toEqual([
      ['list/v1/outbox/a', { text: 'a' }],
      ['list/v1/outbox/b', { text: 'b' }],
    ]);
  });

  it('survives a reload: a new store reads what the previous one wrote', async () => {
    await idbStore().set('reload', { messages: ['hi'] });
    expect(await idbStore().get('reload')).toEqual({ messages: ['hi'] });
  });
});

describe('fallbackStore()', () => {
  it('uses IndexedDB when it works', async () => {
    const logs: string[] = [];
    await fallbackStore({ log: (m) => logs.push(m) }).set('fb/persisted', 42);
    expect(await idbStore().get('fb/persisted')).toBe(42);
    expect(logs).toEqual([]);
  });

  it('switches to memory for good when IndexedDB throws, says so once, and loses nothing written', async () => {
    const logs: unknown[] = [];
    let calls = 0;
    const broken: KeyValueStore = {
      get: async () => {
        calls++;
        throw new DOMException('blocked', 'InvalidStateError');
      },
      set: async () => {
        calls++;
        throw new DOMException('quota', 'QuotaExceededError');
      },
      del: async () => void calls++,
      entries: async () => {
        calls++;
        return [];
      },
    };
    const s = fallbackStore({ log: (m, e) => logs.push([m, (e as DOMException).name]), primary: () => broken });
    await s.set('a', 1); // fails in IndexedDB, lands in memory
    await Promise.all([s.set('b', 2), s.get('a')]);
    expect(await s.get('a')).toBe(1);
    expect(await s.get('b')).toBe(2);
    expect(logs).toEqual([[expect.stringContaining('memory'), 'QuotaExceededError']]);
    expect(calls).toBe(1); // IndexedDB is not tried again
  });

  it('gives up a store that does not answer in time, says so once, and answers from memory', async () => {
    const logs: unknown[] = [];
    let calls = 0;
    const never = () => {
      calls++;
      return new Promise<never>(() => undefined);
    };
    const hanging: KeyValueStore = { get: never, set: never, del: never, entries: never };
    const s = fallbackStore({ log: (m, e) => logs.push([m, (e as DOMException).name]), primary: () => hanging, timeoutMs: 50 });
    const started = Date.now();
    await s.set('a', 1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await s.get('a')).toBe(1);
    expect(await s.entries('')).toEqual([['a', 1]]);
    expect(logs).toEqual([[expect.stringContaining('memory'), 'TimeoutError']]);
    expect(calls).toBe(1);
  });

  it('keeps writes made before a later failure', async () => {
    let fail = false;
    const flaky: KeyValueStore = {
      ...idbStore(),
      get: async (k) => {
        if (fail) throw new Error('connection lost');
        return idbStore().get(k);
      },
    };
    const s = fallbackStore({ primary: () => flaky });
    await s.set('early', 'kept');
    fail = true;
    expect(await s.get('early')).toBe('kept');
  });
});
