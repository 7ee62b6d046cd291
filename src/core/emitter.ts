/**
 * A tiny typed event emitter (closures, no class). A throwing listener never stops the others:
 * its error is re-thrown asynchronously, the way the DOM reports listener errors.
 */

/** The arguments of `emit` for one event: the payload, optional when the event carries none. */
export type EmitArgs<T> = [T] extends [void] ? [event?: T] : [event: T];

/** Subscribe/emit over an event map `{ name: payload }`. */
export interface Emitter<E> {
  on<K extends keyof E>(type: K, handler: (event: E[K]) => void): () => void;
  off<K extends keyof E>(type: K, handler: (event: E[K]) => void): void;
  emit<K extends keyof E>(type: K, ...event: EmitArgs<E[K]>): void;
  /** Drop every listener. */
  clear(): void;
}

/** Creates an emitter for the event map `E`. */
export function createEmitter<E>(): Emitter<E> {
  let map: { [K in keyof E]?: Set<(event: E[K]) => void> } = {};
  const off: Emitter<E>['off'] = (type, handler) => void map[type]?.delete(handler);
  return {
    on: (type, handler) => ((map[type] = map[type] ?? new Set()).add(handler), () => off(type, handler)),
    off,
    emit(type, event?: unknown) {
      // Copy: a listener may unsubscribe (itself or others) while we iterate.
      for (const handler of [...(map[type] ?? [])]) {
        try {
          handler(event as never);
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
    clear: () => void (map = {}),
  };
}
