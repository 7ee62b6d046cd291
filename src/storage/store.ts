/**
 * The cache Parley writes to. Values are structured-cloneable (IndexedDB) / JSON-safe.
 * Implementations: `idb-store.ts` (idb-keyval, Parley's own database), `memory-store.ts`,
 * and `fallback-store.ts` (a primary store, switching to memory for good when it throws or does
 * not answer in time).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Every key that starts with `prefix`, with its value (the outbox keeps one record per message). */
  entries(prefix: string): Promise<[key: string, value: unknown][]>;
}
