/** A {@link KeyValueStore} in memory: the fallback when IndexedDB is unavailable, and for tests. */
import type { KeyValueStore } from './store';

// Values are kept as JSON text (they are JSON-safe), so, like IndexedDB's structured clone,
// mutating an object after `set()` (or a value returned by `get()`) never changes what is stored.
const parse = (json: string | undefined) => (json === undefined ? undefined : JSON.parse(json));

/** Creates an empty in-memory store. */
export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => parse(values.get(key)),
    set: async (key, value) => {
      const json = JSON.stringify(value);
      if (json === undefined) values.delete(key);
      else values.set(key, json);
    },
    del: async (key) => void values.delete(key),
    entries: async (prefix) => [...values].filter(([key]) => key.startsWith(prefix)).map(([key, json]) => [key, parse(json)]),
  };
}
