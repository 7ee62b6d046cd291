/**
 * The cache Parley writes to. Values are structured-cloneable (IndexedDB) / JSON-safe.
 * Implementations: `idb-store.ts` (idb-keyval, Parley's own database), `memory-store.ts`,
 * and `fallback-store.ts` (IndexedDB, switching to memory for good when it throws).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}
