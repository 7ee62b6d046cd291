/** A {@link KeyValueStore} in memory: the fallback when IndexedDB is unavailable, and for tests. */
import type { KeyValueStore } from './store';

// Values are kept as JSON text (they are JSON-safe), so, like IndexedDB's structured clone,
// mutating an object after `set()` (or a value returned by `get()`) never changes what is stored.
const parse = (json?: string) => json && JSON.parse(json);

/** Creates an empty in-memory store. */
export function memoryStore(): KeyValueStore {
  const map = new Map<string, string | undefined>();
  return {
    get: async (key) => parse(map.get(key)),
    set: async (key, value) => void map.set(key, JSON.stringify(value)),
    del: async (key) => void map.delete(key),
  };
}
