/**
 * What the notifications need to know of the host page: whether it is hidden (another tab or window
 * in front) and whether the visitor has interacted with it yet (browsers let a page make sound only
 * after a user gesture). Read from the document given (tests pass a fake one).
 */
import { signal, type ReadonlySignal } from '@preact/signals';

/** The part of a document the notifications read. */
export type PageDocument = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface PageWatch {
  /** The page is not on screen (`document.visibilityState` is `hidden`). */
  hidden: ReadonlySignal<boolean>;
  /** A click, tap or key press was seen on the page (a user gesture: sound may play). */
  interacted: ReadonlySignal<boolean>;
  dispose(): void;
}

const GESTURES = ['pointerdown', 'keydown'] as const;

export function watchPage(doc: PageDocument): PageWatch {
  const hidden = signal(doc.visibilityState === 'hidden');
  // A gesture before the widget was watching counts too (the window may mount long after the page loaded).
  const interacted = signal(!!(globalThis.navigator as { userActivation?: { hasBeenActive: boolean } } | undefined)?.userActivation?.hasBeenActive);
  const onVisibility = () => (hidden.value = doc.visibilityState === 'hidden');
  const onGesture = () => {
    interacted.value = true;
    for (const type of GESTURES) doc.removeEventListener(type, onGesture, true);
  };
  doc.addEventListener('visibilitychange', onVisibility);
  for (const type of GESTURES) doc.addEventListener(type, onGesture, true);
  return {
    hidden,
    interacted,
    dispose() {
      doc.removeEventListener('visibilitychange', onVisibility);
      for (const type of GESTURES) doc.removeEventListener(type, onGesture, true);
    },
  };
}
