/**
 * Test views into Parley's storage, to prove what is (not) kept: the product's stores have no way to
 * list keys, tests need one.
 */
import { createStore, keys } from 'idb-keyval';
import type { KeyValueStore } from '../../src/storage/store';

/** A KeyValueStore over a Map (copies values like IndexedDB) whose keys a test can list. */
export function listableStore(): KeyValueStore & { keys(prefix?: string): Promise<string[]> } {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => structuredClone(map.get(k)) as T | undefined,
    set: async (k, v) => void map.set(k, structuredClone(v)),
    del: async (k) => void map.delete(k),
    entries: async (prefix) => [...map].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k, structuredClone(v)]),
    keys: async (prefix = '') => [...map.keys()].filter((k) => k.startsWith(prefix)),
  };
}

/** Keys in Parley's own IndexedDB database (`parley` / `cache`) starting with `prefix`. */
export const idbKeys = async (prefix: string): Promise<string[]> =>
  ((await keys(createStore('parley', 'cache'))) as string[]).filter((k) => k.startsWith(prefix));
