/**
 * The one place where new incoming messages are spoken: a visually hidden polite live region that gets
 * a paragraph per new agent/bot/system message (the chat's `message` event: live and new, never
 * history, cached or older pages, the visitor's own messages, receipts or edits), once. It exists from
 * mount, so the first message is announced too (and those that came while the window's code was
 * loading, once the region is in the page).
 *
 * The region changes at most once per animation frame (../frame.ts): the messages of a burst that came
 * within one frame go in together, a paragraph each, in one update (not one render per message). It
 * keeps the last update's paragraphs, and older ones up to three.
 */
import { useSignal } from '@preact/signals';
import { useLayoutEffect } from 'preact/hooks';
import { onNextFrame } from '../frame';
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
    /** Messages waiting for the next frame's update, in the order they came. */
    let waiting: Message[] = [];
    let cancelFrame: (() => void) | undefined;
    const speak = () => {
      cancelFrame = undefined;
      const { t } = state.i18n.peek();
      const added = waiting.map((message): Announcement => {
        const text = plain(message.text);
        const start = text.length > SPOKEN_CHARACTERS ? text.slice(0, SPOKEN_CHARACTERS) + '…' : text;
        return { key: messageKey(message), words: noticeText(message, t) ?? `${senderName(message, t)}: ${start}` };
      });
      waiting = [];
      announcements.value = [...announcements.peek(), ...added].slice(-Math.max(KEPT, added.length));
    };
    const announce = (message: Message) => {
      waiting.push(message);
      cancelFrame ??= onNextFrame(speak);
    };
    // Messages that came while the window's code was loading: said once the (empty) region is in the
    // page, since text added together with its live region is not announced.
    const early = setTimeout(() => state.arrivedBefore.forEach(announce), REGION_SETTLES);
    const stop = state.chat.on('message', announce);
    return () => {
      clearTimeout(early);
      cancelFrame?.();
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
