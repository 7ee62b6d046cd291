/**
 * IndexedDB when it works, memory when it does not. If `indexedDB` is missing or any operation
 * throws (private modes, blocked storage, quota), the store switches to memory for good and says so
 * once through `log`. What was stored in IndexedDB by earlier page loads is not copied over, but
 * nothing written through this store is lost: every write is mirrored in memory from the start, so
 * the switch keeps all of this page's writes, including the one that failed.
 */
import { idbStore } from './idb-store';
import { memoryStore } from './memory-store';
import type { KeyValueStore } from './store';

export interface FallbackOptions {
  /** Told once, when the store falls back to memory. */
  log?: (message: string, error?: unknown) => void;
  /** The primary store (default: {@link idbStore}); created only when `indexedDB` exists. */
  primary?: () => KeyValueStore;
}

/** Creates the store Parley uses by default. */
export function fallbackStore(options: FallbackOptions = {}): KeyValueStore {
  const mem = memoryStore();
  let idb: KeyValueStore | undefined;
  const drop = (error?: unknown) => {
    idb = undefined;
    options.log?.('IndexedDB is unavailable; Parley keeps its cache in memory for this page', error);
  };
  if (typeof indexedDB === 'undefined') drop();
  else idb = (options.primary ?? idbStore)();

  // Runs `op` on IndexedDB while it works, on memory after; `write` also goes to memory always.
  const run =
    <A extends unknown[], R>(op: (s: KeyValueStore, ...a: A) => Promise<R>, write?: boolean) =>
    async (...a: A): Promise<R> => {
      if (write) await op(mem, ...a);
      const s = idb;
      if (s) {
        try {
          return await op(s, ...a);
        } catch (error) {
          // Another operation may have switched already: say it only once.
          if (idb === s) drop(error);
        }
      }
      return op(mem, ...a);
    };

  return {
    get: run((s, key: string) => s.get(key)) as KeyValueStore['get'],
    set: run((s, key: string, value: unknown) => s.set(key, value), true),
    del: run((s, key: string) => s.del(key), true),
    keys: run((s, prefix: string) => s.keys(prefix)),
  };
}
