/**
 * The title notice: "(2) " before the page title while the page is hidden and replies are unread,
 * removed when the visitor comes back. Only Parley's own prefix is ever removed: a title the host page
 * set meanwhile is kept as it is.
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';

export interface TitleNoticeDeps {
  /** The host document (only its `title` is written). */
  doc: Pick<Document, 'title'>;
  hidden: ReadonlySignal<boolean>;
  /** The chat's unread count (replies that came while the window was closed). */
  unread: ReadonlySignal<number>;
  /** Subscribes to incoming replies; returns the unsubscribe. */
  onReply(handler: () => void): () => void;
}

/** The prefix for a count. */
export const titlePrefix = (count: number) => `(${count}) `;

/** Keeps the page title's prefix in step; returns the stop function (which restores the title). */
export function startTitleNotice({ doc, hidden, unread, onReply }: TitleNoticeDeps): () => void {
  // Replies that came while the page was hidden (the window may be open: they are not "unread" then).
  const whileHidden = signal(0);
  const stopReplies = onReply(() => {
    if (hidden.peek()) whileHidden.value++;
  });
  let shownPrefix = '';
  const removePrefix = () => {
    if (shownPrefix && doc.title.startsWith(shownPrefix)) doc.title = doc.title.slice(shownPrefix.length);
    shownPrefix = '';
  };
  const stopEffect = effect(() => {
    if (!hidden.value) whileHidden.value = 0;
    const count = hidden.value ? Math.max(whileHidden.value, unread.value) : 0;
    const prefix = count > 0 ? titlePrefix(count) : '';
    if (prefix === shownPrefix && doc.title.startsWith(prefix)) return;
    removePrefix();
    if (prefix) doc.title = prefix + doc.title;
    shownPrefix = prefix;
  });
  return () => {
    stopReplies();
    stopEffect();
    removePrefix();
  };
}
