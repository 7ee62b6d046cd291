/**
 * The page is being hidden or left (`pagehide`, or `visibilitychange` to hidden: a reload, a link, a tab
 * switch). Writes waiting for the end of a burst (persistence.ts) go out then, so a page reloaded right
 * after a message came still has it in its cache.
 */

/** The part of `window` this uses. */
export type PageHideTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { document?: { visibilityState: string } };

/** Calls `onHide` when the page is hidden or left (default target: the page's window; none outside a page). Returns the unsubscribe. */
export function watchPageHide(onHide: () => void, target: PageHideTarget | undefined = (globalThis as { window?: PageHideTarget }).window): () => void {
  if (!target) return () => undefined;
  const onVisibility = () => target.document?.visibilityState == 'hidden' && onHide();
  target.addEventListener('pagehide', onHide);
  target.addEventListener('visibilitychange', onVisibility);
  return () => {
    target.removeEventListener('pagehide', onHide);
    target.removeEventListener('visibilitychange', onVisibility);
  };
}
