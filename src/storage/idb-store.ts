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
  const db = createStore('parley', 'cache');
  /** One request in its own transaction; a write resolves when its transaction completes. */
  const run = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T> | IDBTransaction): Promise<T> =>
    db(mode, (s) => promisifyRequest(op(s)) as Promise<T>);
  return {
    get: (key) => run('readonly', (s) => s.get(key)),
    set: (key, value) => run('readwrite', (s) => (s.put(value, key), s.transaction)),
    del: (key) => run('readwrite', (s) => (s.delete(key), s.transaction)),
  };
}
