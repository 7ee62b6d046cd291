/**
 * Long conversations render only a window of their newest messages, and at most once per frame.
 *
 * - The list reads the messages through {@link useFrameValue}: a burst of frames that arrive within one
 *   animation frame is one render (a hidden page, where frames do not run, renders within ~100 ms).
 * - {@link ListWindow} decides which messages are rendered: the newest {@link WINDOW_ROWS} while the
 *   visitor is at the bottom; once they scroll up, the window is pinned to its first message (new ones
 *   are added below, nothing they read goes away); "Earlier messages" and scrolling near the top reveal
 *   {@link REVEAL_ROWS} more. When new messages come while the visitor is back at the bottom, the
 *   window shrinks to the newest again once it has grown past WINDOW_ROWS + REVEAL_ROWS, so the page
 *   holds a bounded number of rows.
 * - A render creates at most a screenful of new rows ({@link ListWindow.fit}: the rows the list's height
 *   can show, {@link BURST_ROWS} until it is known): when more messages than that came since the last
 *   render while the visitor is at the bottom (a burst, or a page busy for a while), only the newest of
 *   them are rendered and the window starts there (the others wait above, like older ones). The
 *   window then grows with the next messages until it holds WINDOW_ROWS again, and slides from there:
 *   no render adds rows above while the visitor follows the bottom. So a frame's work stays bounded
 *   however fast messages come: a frame's cost is mostly the rows it creates and lays out (measured in
 *   `npm run bench`: 20 rows a frame made the burst's longest task 170 ms at ×4 in a 452 px list, 10 rows 78 ms).
 *
 * Everything is in the page's memory already (messages are data, not DOM): a hidden row costs nothing
 * but its message object.
 */
import type { ReadonlySignal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { positionOf } from '../../core/message-index';
import type { Message } from '../../core/types';
import { onNextFrame } from '../frame';
import { messageKey } from '../state';

/** Rows rendered while the visitor is at the bottom. */
export const WINDOW_ROWS = 40;
/** Rows added above each time the visitor reaches the top of the window. */
export const REVEAL_ROWS = 100;
/** The most new rows one render adds at the bottom while the visitor follows it, until the list's height is known. */
export const BURST_ROWS = 20;
/**
 * The least height of a row in a burst, px: a one-line message with its time is about 59 px at the widget's
 * font size. Rows are rarely smaller (a system notice), so a screenful of rows is the list's height / this.
 */
export const ROW_PX = 48;
/** The current value of `source`, updated at most once per animation frame (../frame.ts). */
export function useFrameValue<T>(source: ReadonlySignal<T>): T {
  const current = useSignal(source.peek());
  useEffect(() => {
    let cancel: (() => void) | undefined;
    const unsubscribe = source.subscribe(() => {
      cancel ??= onNextFrame(() => {
        cancel = undefined;
        current.value = source.peek();
      });
    });
    return () => {
      cancel?.();
      unsubscribe();
    };
  }, [source]);
  return current.value;
}

/** Which messages of a list are rendered; kept across renders of one list. */
export class ListWindow {
  /** Key of the first rendered message, once pinned (undefined: the newest WINDOW_ROWS). */
  #firstKey: string | undefined;
  /** Key of the first message of a render that skipped part of a burst, until the window is full again. */
  #burstFirstKey: string | undefined;
  /** Key of the first message of the last render. */
  #renderedFirstKey: string | undefined;
  /** Key of the last message of the last render. */
  #renderedLastKey: string | undefined;
  /** How many messages the list had at the last render. */
  #renderedLength = 0;
  /** The most new rows one render adds while the visitor follows the bottom: a screenful and one more. */
  #burstRows = BURST_ROWS;

  /** The list is `height` px high (0: not laid out, nothing changes): a burst renders the rows that fill it. */
  fit(height: number): void {
    if (height > 0) this.#burstRows = Math.min(WINDOW_ROWS, Math.ceil(height / ROW_PX) + 1);
  }

  /** Position of the first message to render, for the list as it is now. */
  start(messages: readonly Message[], following: boolean): number {
    const newest = Math.max(0, messages.length - WINDOW_ROWS);
    let start = positionOf(messages, this.#firstKey);
    // Not pinned, or the pinned message is gone (another conversation): the newest.
    if (start < 0) start = newest;
    if (following) {
      // New messages while the visitor is at the bottom after reading far up: bounded again.
      if (messages.length > this.#renderedLength && start < newest - REVEAL_ROWS) start = newest;
      start = this.#burstStart(messages, start);
    }
    this.#renderedLength = messages.length;
    if (start === newest) this.#firstKey = undefined;
    this.#renderedFirstKey = messages[start] && messageKey(messages[start]);
    this.#renderedLastKey = messages.length ? messageKey(messages[messages.length - 1]!) : undefined;
    return start;
  }

  /**
   * While the visitor follows the bottom: `start`, or later when a burst brought more than a screenful of
   * messages since the last render, or when an earlier burst's render is still filling up the window.
   */
  #burstStart(messages: readonly Message[], start: number): number {
    const burstFirst = positionOf(messages, this.#burstFirstKey);
    if (burstFirst > start) start = burstFirst;
    else this.#burstFirstKey = undefined;
    const lastShown = positionOf(messages, this.#renderedLastKey);
    const burstFrom = messages.length - this.#burstRows;
    if (lastShown >= 0 && lastShown < burstFrom - 1 && start < burstFrom) {
      start = burstFrom;
      this.#burstFirstKey = messageKey(messages[start]!);
      this.#firstKey = undefined;
    }
    return start;
  }

  /** The visitor left the bottom: what they see stays rendered while new messages arrive. */
  pin(): void {
    this.#firstKey ??= this.#renderedFirstKey;
    this.#burstFirstKey = undefined;
  }

  /** Renders up to REVEAL_ROWS more older messages (already in memory). Returns whether any were hidden. */
  reveal(messages: readonly Message[], start: number): boolean {
    if (start <= 0) return false;
    this.#firstKey = messageKey(messages[Math.max(0, start - REVEAL_ROWS)]!);
    this.#burstFirstKey = undefined;
    return true;
  }

  /** Renders from the first message of `messages` (after an older page was loaded). */
  revealAll(messages: readonly Message[]): void {
    if (messages.length) this.#firstKey = messageKey(messages[0]!);
    this.#burstFirstKey = undefined;
  }
}
