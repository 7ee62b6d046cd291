/** A {@link KeyValueStore} in memory: the fallback when IndexedDB is unavailable, and for tests. */
import type { KeyValueStore } from './store';

// Values are copied in and out, like IndexedDB's structured clone: mutating an object after
// `set()` (or a value returned by `get()`) never changes what is stored. Values are JSON-safe.
const copy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Creates an empty in-memory store. */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => copy(map.get(key)) as T | undefined,
    set: async (key, value) => void map.set(key, copy(value)),
    del: async (key) => void map.delete(key),
  };
}
