/**
 * A {@link KeyValueStore} on IndexedDB through idb-keyval, in Parley's own database
 * (`parley` / object store `cache`), never idb-keyval's shared default one. The database opens
 * lazily, on the first operation; creating the store does nothing.
 */
import { createStore, del, get, keys, set } from 'idb-keyval';
import type { KeyValueStore } from './store';

/** Creates the IndexedDB store. Operations reject with the browser's `DOMException`s. */
export function idbStore(): KeyValueStore {
  const db = createStore('parley', 'cache');
  return {
    get: (key) => get(key, db),
    set: (key, value) => set(key, value, db),
    del: (key) => del(key, db),
    // Only Parley writes to this database, and only with string keys.
    keys: async (prefix) => (await keys<string>(db)).filter((k) => k.startsWith(prefix)),
  };
}
