/**
 * A {@link KeyValueStore} on IndexedDB through idb-keyval, in Parley's own database
 * (`parley` / object store `cache`), never idb-keyval's shared default one. The database opens
 * lazily, on the first operation; creating the store does nothing.
 *
 * Only `createStore` and `promisifyRequest` are used: idb-keyval's `get`/`set`/`del` would
 * also ship its default shared store.
 */
import { createStore, promisifyRequest } from 'idb-keyval';
import type { KeyValueStore } from './store';

/** Creates the IndexedDB store. Operations reject with the browser's `DOMException`s. */
export function idbStore(): KeyValueStore {
  const database = createStore('parley', 'cache');
  /**
   * A write resolves when its transaction completes. It is committed at once (`commit()`), not once the page
   * has heard back from its request: a tab closed right after a send keeps the queued message's record.
   */
  const write = (change: (store: IDBObjectStore) => void): Promise<void> =>
    database('readwrite', (store) => {
      change(store);
      store.transaction.commit?.();
      return promisifyRequest(store.transaction);
    });
  return {
    get: (key) => database('readonly', (store) => promisifyRequest(store.get(key))),
    set: (key, value) => write((store) => store.put(value, key)),
    del: (key) => write((store) => store.delete(key)),
    // Keys and values read in one transaction, so they match.
    entries: (prefix) =>
      database('readonly', async (store) => {
        const range = IDBKeyRange.bound(prefix, prefix + '\uffff');
        const [keys, values] = await Promise.all([promisifyRequest(store.getAllKeys(range)), promisifyRequest(store.getAll(range))]);
        return keys.map((key, index): [string, unknown] => [String(key), values[index]]);
      }),
  };
}
