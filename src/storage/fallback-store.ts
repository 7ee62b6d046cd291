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
  const drop = (error?: unknown): undefined => void options.log?.('IndexedDB unavailable: cache in memory', error) as undefined;
  let idb = typeof indexedDB > 'u' ? drop() : (options.primary ?? idbStore)();

  // Runs method `m` on memory always (so writes are mirrored there), then on IndexedDB while it
  // works: its answer wins.
  const run =
    (m: keyof KeyValueStore) =>
    async (...a: unknown[]): Promise<never> => {
      const call = (store: KeyValueStore) => (store[m] as (...a: unknown[]) => Promise<never>)(...a);
      await call(mem);
      if (idb)
        try {
          return await call(idb);
        } catch (error) {
          // Another operation may have switched already: say it only once.
          if (idb) idb = drop(error);
        }
      return call(mem);
    };

  return { get: run('get'), set: run('set'), del: run('del') };
}
