/**
 * A primary store (IndexedDB by default) when it works, memory when it does not. If the primary
 * is missing, throws (private modes, blocked storage, quota) or does not answer within
 * `timeoutMs` (an `indexedDB.open` that never calls back happens in some browsers), the store
 * switches to memory for the rest of the page and says so once through `log`. What earlier page
 * loads stored in the primary is not copied over, but nothing written through this store is lost:
 * every write is mirrored in memory from the start, so the switch keeps all of this page's writes,
 * including the one that failed.
 */
import { idbStore } from './idb-store';
import { memoryStore } from './memory-store';
import type { KeyValueStore } from './store';

/** How long one call to the primary store may take before it is given up, by default. */
export const STORAGE_TIMEOUT_MS = 5000;

export interface FallbackOptions {
  /** Told once, when the store falls back to memory. */
  log?: (message: string, error?: unknown) => void;
  /** The primary store (default: {@link idbStore}, when `indexedDB` exists). */
  primary?: () => KeyValueStore;
  /** Ms one call may take before the primary is given up (default {@link STORAGE_TIMEOUT_MS}). */
  timeoutMs?: number;
}

const UNAVAILABLE = 'Storage unavailable: cache in memory for this page';

/** Rejects with a `TimeoutError` when `call` has not settled after `timeoutMs`. */
function withTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException(`No answer in ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (failure) => {
        clearTimeout(timer);
        reject(failure);
      },
    );
  });
}

/** Creates the store Parley uses by default. */
export function fallbackStore(options: FallbackOptions = {}): KeyValueStore {
  const memory = memoryStore();
  const timeoutMs = options.timeoutMs ?? STORAGE_TIMEOUT_MS;
  let primary: KeyValueStore | undefined;
  if (options.primary) primary = options.primary();
  else if (typeof indexedDB !== 'undefined') primary = idbStore();
  else options.log?.(UNAVAILABLE);

  /** Stops using `failed` (once: another call may have switched already). */
  function giveUp(failed: KeyValueStore, failure: unknown) {
    if (primary !== failed) return;
    primary = undefined;
    options.log?.(UNAVAILABLE, failure);
  }

  // Runs the call on memory always (so writes are mirrored there), then on the primary while it
  // works: its answer wins.
  function through<Method extends keyof KeyValueStore>(method: Method): KeyValueStore[Method] {
    const call = (store: KeyValueStore, args: unknown[]) => (store[method] as (...args: unknown[]) => Promise<never>)(...args);
    return (async (...args: unknown[]) => {
      const fromMemory = await call(memory, args);
      const current = primary;
      if (!current) return fromMemory;
      try {
        return await withTimeout(call(current, args), timeoutMs);
      } catch (failure) {
        giveUp(current, failure);
        return fromMemory;
      }
    }) as KeyValueStore[Method];
  }

  return { get: through('get'), set: through('set'), del: through('del'), entries: through('entries') };
}
