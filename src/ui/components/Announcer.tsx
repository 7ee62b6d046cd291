/**
 * The one place where new incoming messages are spoken: a visually hidden polite live region that gets
 * a paragraph per new agent/bot/system message (the chat's `message` event: live and new, never
 * history, cached or older pages, the visitor's own messages, receipts or edits), once. It exists from
 * mount, so the first message is announced too (and those that came while the window's code was
 * loading, once the region is in the page); it keeps the last three.
 */
import { useSignal } from '@preact/signals';
import { useLayoutEffect } from 'preact/hooks';
import { plain } from '../text';
import type { Message } from '../../core/types';
import { messageKey, noticeText, senderName, type WidgetState } from '../state';

/** How many announcements stay in the region. */
const KEPT = 3;
/** How long a new live region is left empty before text goes in, so screen readers have seen it, ms. */
const REGION_SETTLES = 250;
/** A long message is announced by its start (the whole text is in the log). */
const SPOKEN_CHARACTERS = 300;

interface Announcement {
  key: string;
  words: string;
}

export function Announcer({ state }: { state: WidgetState }) {
  // Kept as words, not vnodes: a vnode kept across renders keeps the whole tree it was rendered in.
  const announcements = useSignal<Announcement[]>([]);
  // Subscribed during the first (synchronous) render of the widget, before any message can arrive.
  useLayoutEffect(() => {
    const announce = (message: Message) => {
      const { t } = state.i18n.peek();
      const text = plain(message.text);
      const start = text.length > SPOKEN_CHARACTERS ? text.slice(0, SPOKEN_CHARACTERS) + '…' : text;
      const words = noticeText(message, t) ?? `${senderName(message, t)}: ${start}`;
      announcements.value = [...announcements.peek().slice(1 - KEPT), { key: messageKey(message), words }];
    };
    // Messages that came while the window's code was loading: said once the (empty) region is in the
    // page, since text added together with its live region is not announced.
    const early = setTimeout(() => state.arrivedBefore.forEach(announce), REGION_SETTLES);
    const stop = state.chat.on('message', announce);
    return () => {
      clearTimeout(early);
      stop();
    };
  }, []);
  return (
    <div class="visually-hidden" aria-live="polite">
      {announcements.value.map(({ key, words }) => (
        <p key={key}>{words}</p>
      ))}
    </div>
  );
}
