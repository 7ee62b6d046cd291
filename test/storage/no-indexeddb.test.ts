// No fake-indexeddb here: Node has no IndexedDB, like a browser with storage blocked.
import { describe, expect, it } from 'vitest';
import { fallbackStore } from '../../src/storage/fallback-store';

describe('fallbackStore() without IndexedDB', () => {
  it('runs on memory and says so once', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const logs: string[] = [];
    const s = fallbackStore({ log: (m) => logs.push(m) });
    await s.set('k', { v: 1 });
    await s.set('k2', 2);
    expect(await s.get('k')).toEqual({ v: 1 });
    expect(await s.get('k2')).toBe(2);
    await s.del('k');
    expect(await s.get('k')).toBeUndefined();
    expect(logs).toHaveLength(1);
  });
});
