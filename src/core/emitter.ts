/**
 * A tiny typed event emitter (closures, no class). A throwing listener never stops the others:
 * its error is re-thrown asynchronously, the way the DOM reports listener errors.
 */

/** Subscribe/emit over an event map `{ name: payload }`. */
export interface Emitter<E> {
  on<K extends keyof E>(type: K, handler: (event: E[K]) => void): () => void;
  off<K extends keyof E>(type: K, handler: (event: E[K]) => void): void;
  emit<K extends keyof E>(type: K, event: E[K]): void;
  /** Drop every listener. */
  clear(): void;
}

/** Creates an emitter for the event map `E`. */
export function createEmitter<E>(): Emitter<E> {
  const map = new Map<keyof E, Set<(event: never) => void>>();
  const off: Emitter<E>['off'] = (type, handler) => void map.get(type)?.delete(handler);
  return {
    on(type, handler) {
      map.set(type, (map.get(type) ?? new Set()).add(handler));
      return () => off(type, handler);
    },
    off,
    emit(type, event) {
      // Copy: a listener may unsubscribe (itself or others) while we iterate.
      for (const handler of [...(map.get(type) ?? [])]) {
        try {
          (handler as (e: typeof event) => void)(event);
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
    clear: () => map.clear(),
  };
}
