/**
 * The page's window events the chat follows, each through {@link listen}:
 * - the page is hidden or left (`pagehide`, or `visibilitychange` to hidden: a reload, a link, a tab
 *   switch): writes waiting for the end of a burst (persistence.ts) go out then, so a page reloaded right
 *   after a message came still has it in its cache;
 * - the browser says the network is back (`online`). A realtime link may have stayed open through a short
 *   outage (or its drop not been noticed yet) while sends failed and backed off: the outbox then waited up
 *   to its backoff cap (30 s) although the network was back. On `online` it tries at once instead (an
 *   attempt that fails again backs off as before);
 * - the page lifecycle of the tabs layer (src/tabs/tabs.ts).
 */

/** The part of `window` this uses. */
export type WindowTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { document?: { visibilityState: string } };

/** The page's window, where there is one (none in Node). */
export const pageWindow = (): WindowTarget | undefined => (globalThis as { window?: WindowTarget }).window;

/**
 * Calls each listener on its event of `target`, in the capture phase (so also for events fired at the
 * document that do not bubble, as `freeze` and `resume`). Returns what stops listening. No target: nothing.
 */
export function listen(target: WindowTarget | undefined, listeners: [type: string, listener: () => void][]): () => void {
  const each = (method: 'addEventListener' | 'removeEventListener') => {
    for (const [type, listener] of listeners) target?.[method](type, listener, true);
  };
  each('addEventListener');
  return () => each('removeEventListener');
}

/** Calls `onHide` when the page is hidden or left (default target: the page's window). Returns the unsubscribe. */
export const watchPageHide = (onHide: () => void, target = pageWindow()): (() => void) =>
  listen(target, [
    ['pagehide', onHide],
    ['visibilitychange', () => target!.document?.visibilityState == 'hidden' && onHide()],
  ]);

/** Calls `onOnline` on every `online` event (default target: the page's window). Returns the unsubscribe. */
export const watchBrowserOnline = (onOnline: () => void, target = pageWindow()): (() => void) => listen(target, [['online', onOnline]]);
