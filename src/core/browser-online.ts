/**
 * The browser says the network is back (`online` on `window`). A realtime link may have stayed open
 * through a short outage (or its drop not been noticed yet) while sends failed and backed off: the
 * outbox then waited up to its backoff cap (30 s) although the network was back. On `online` it tries
 * at once instead (an attempt that fails again backs off as before).
 */

/** The part of `window` this uses. */
export type OnlineTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Calls `onOnline` on every `online` event of `target` (default: the page's window; none outside a page). Returns the unsubscribe. */
export function watchBrowserOnline(onOnline: () => void, target: OnlineTarget | undefined = (globalThis as { window?: OnlineTarget }).window): () => void {
  if (!target) return () => undefined;
  const listener = () => onOnline();
  target.addEventListener('online', listener);
  return () => target.removeEventListener('online', listener);
}
