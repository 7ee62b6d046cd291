/**
 * The conversation: welcome text, history with day separators, typing dots, the satisfaction card,
 * and the scrolling rules.
 *
 * Screen readers: this is the `role="log"` of the contract, but with `aria-live="off"`. Rendering
 * cached history, prepending older pages and updating receipts are all DOM additions that a live log
 * would read out; instead the announcer (./Announcer.tsx) speaks each new incoming message exactly once.
 *
 * Scrolling: the scroller is a `column-reverse` flexbox around one content box, so its scroll origin
 * is the bottom: the browser itself keeps the view at the bottom while the visitor is there (new
 * messages, typing, the box resizing for the keyboard or the reply preview), and keeps the visible
 * messages in place when older ones are prepended or (scroll anchoring) when new ones arrive while
 * the visitor reads further up. The code only jumps to the bottom after the visitor sends, and offers
 * a "New messages" button when something arrives while they are scrolled up.
 *
 * Long conversations: only a window of the newest messages is rendered, at most once per frame
 * (./list-window.ts); "Earlier messages" at the top (a button, so keyboard and screen reader users
 * reach it) and scrolling near the top render older ones, then load older pages from the server
 * (where the backend pages its history): a row says so while a page loads, and a status region (polite,
 * there from the start) says it to screen readers, then says when the page is there.
 * Day separators, grouping and quoted messages are worked out for the rendered rows only (the
 * message before the window decides the first row's), so a render costs the window, not the history.
 */
import { useSignal, type Signal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { find } from '../../core/messages';
import { positionOf } from '../../core/message-index';
import type { Message } from '../../core/types';
import { rich } from '../text';
import { messageKey, settle, type WidgetState } from '../state';
import { ListWindow, REVEAL_ROWS, useFrameValue } from './list-window';
import { MessageRow } from './MessageRow';
import { RatingForm } from './RatingForm';

/** Consecutive messages of one sender closer than this share a group (name shown once). */
const GROUP_MS = 5 * 60_000;
/** Within this distance of the bottom, px, the list keeps following new content. */
const NEAR_BOTTOM = 40;
/** Within this distance of the top, px, older rendered-but-hidden messages are added. */
const NEAR_TOP = 300;

/** What is kept per message (messages are immutable): its time and day, read once. */
interface MessageDay {
  time: number;
  day: string;
}

/** The scroll state of one list, kept across renders. */
interface Scroll {
  scroller: RefObject<HTMLDivElement | null>;
  /** The visitor is at (or near) the bottom. */
  following: boolean;
  /** Key of the newest message at the last render. */
  newestKey: string | undefined;
  /**
   * Key of the newest message of the first render that had any: that message and the older ones are laid out
   * only when on screen (CSS `content-visibility:auto`), so opening on a long history lays out a screenful,
   * not the window. Newer rows are laid out at once: they come in at the bottom, on screen (with every row
   * `content-visibility:auto`, a burst's longest task measured 122 ms at ×4, against 75 ms without).
   */
  firstNewestKey: string | undefined;
  /** Which messages are rendered. */
  window: ListWindow;
  /** Position of the first rendered message at the last render (0: all are rendered). */
  start: number;
  /** The messages of the last render. */
  messages: readonly Message[];
  /** Distance from the bottom (scrollTop) to restore once revealed rows are rendered, or undefined. */
  revealFrom: number | undefined;
  /**
   * Key of the oldest message once an older page came: rendered from there by the first render whose list has
   * it (the list is read once per frame, so the render right after the page may still have the list before it).
   */
  revealFirst: string | undefined;
}

/** An older page from the server: not asked for, on its way, or just shown (said to screen readers). */
type OlderPage = 'idle' | 'loading' | 'loaded';

export function MessageList({ state }: { state: WidgetState }) {
  const { chat } = state;
  const showJump = useSignal(false);
  const olderPage = useSignal<OlderPage>('idle');
  /** Bumped when older rendered messages are added (re-renders the list). */
  const revealed = useSignal(0);
  const scroller = useRef<HTMLDivElement>(null);
  const scroll = useRef<Scroll>({ scroller, following: true, newestKey: undefined, firstNewestKey: undefined, window: new ListWindow(), start: 0, messages: [], revealFrom: undefined, revealFirst: undefined }).current;
  const days = useRef(new WeakMap<Message, MessageDay>()).current;
  const i18n = state.i18n.value;
  const messages = useFrameValue(chat.messages);
  void revealed.value; // subscribes: a reveal re-renders
  if (scroll.revealFirst !== undefined && positionOf(messages, scroll.revealFirst) >= 0) {
    scroll.window.revealAll(messages);
    scroll.revealFirst = undefined;
    // The visitor's view stays where it was (the page is added above it).
    if (scroller.current) scroll.revealFrom = scroller.current.scrollTop;
  } else if (messages === chat.messages.peek()) scroll.revealFirst = undefined; // gone meanwhile (another conversation)
  const start = scroll.window.start(messages, scroll.following);
  scroll.start = start;
  scroll.messages = messages;
  const dayOf = (message: Message): MessageDay => {
    let day = days.get(message);
    if (!day) days.set(message, (day = { time: Date.parse(message.createdAt), day: new Date(message.createdAt).toDateString() }));
    return day;
  };

  /** Loads the next older page from the server and shows it (the visitor's view stays where it is). */
  const loadOlder = () => {
    if (olderPage.peek() === 'loading') return;
    olderPage.value = 'loading';
    const list = scroller.current;
    // Asked from the keyboard (focus in the list): focus stays in the list when the button goes.
    const focusInList = !!list && list.contains((list.getRootNode() as Document | ShadowRoot).activeElement);
    settle(
      chat.loadOlder().finally(() => {
        olderPage.value = 'loaded';
        // The page just loaded is shown (the window then starts at the oldest message).
        const oldest = chat.messages.peek()[0];
        if (oldest) scroll.revealFirst = messageKey(oldest);
        revealed.value++;
        // The button goes away with the last page: keep keyboard focus in the list.
        if (!chat.hasOlder.peek() && focusInList) scroller.current?.focus({ preventScroll: true });
      }),
    );
  };

  /**
   * Renders the next older rows the widget has; false when none are hidden. With the last of them (and no older
   * page on the server) the "Earlier messages" button goes; if it had focus, focus moves to the list. (A click
   * reveals them, and so does the scroll that moving focus to the button brings.)
   */
  const revealRows = () => {
    if (!scroll.window.reveal(scroll.messages, scroll.start)) return false;
    revealed.value++;
    const list = scroller.current;
    const focus = list && (list.getRootNode() as Document | ShadowRoot).activeElement;
    if (scroll.start <= REVEAL_ROWS && !chat.hasOlder.peek() && focus?.classList.contains('load-older')) list!.focus({ preventScroll: true });
    return true;
  };

  // A burst renders a screenful of new rows a frame: the list's height says how many (list-window.ts).
  useLayoutEffect(() => {
    const sizes = new ResizeObserver(([entry]) => scroll.window.fit(entry!.contentRect.height));
    sizes.observe(scroller.current!);
    return () => sizes.disconnect();
  }, []);

  // After every render: the visitor's own new message brings the view to the bottom; someone else's,
  // while they read further up, offers the jump.
  useLayoutEffect(() => {
    const newest = messages[messages.length - 1];
    const key = newest && messageKey(newest);
    if (scroller.current && key && key !== scroll.newestKey) {
      if (newest.sender === 'visitor') toBottom(scroll, showJump);
      else if (!scroll.following && scroll.newestKey) showJump.value = true;
    }
    scroll.newestKey = key;
    // Older rows were added above: the visitor's view stays where it was (measured from the bottom).
    if (scroll.revealFrom !== undefined && scroller.current) scroller.current.scrollTop = scroll.revealFrom;
    scroll.revealFrom = undefined;
  });

  if (messages.length) scroll.firstNewestKey ??= messageKey(messages[messages.length - 1]!);
  const lastLazyPosition = positionOf(messages, scroll.firstNewestKey);
  const items = [];
  let previous: Message | undefined = messages[start - 1];
  let previousDay = previous && dayOf(previous);
  for (let position = start; position < messages.length; position++) {
    const message = messages[position]!;
    const day = dayOf(message);
    const newDay = day.day !== previousDay?.day;
    if (newDay)
      items.push(
        <div class="day-separator" key={day.day}>
          {i18n.day(message.createdAt)}
        </div>,
      );
    const startsGroup =
      newDay ||
      message.sender === 'system' ||
      previous!.sender !== message.sender ||
      previous!.senderName !== message.senderName ||
      day.time - previousDay!.time > GROUP_MS;
    const quoted = message.replyTo ? find(messages, message.replyTo) : undefined;
    items.push(<MessageRow key={messageKey(message)} message={message} startsGroup={startsGroup} quoted={quoted} lazy={position <= lastLazyPosition} state={state} />);
    previous = message;
    previousDay = day;
  }

  return (
    <div class="message-list">
      <div
        ref={scroller}
        class="message-scroller"
        role="log"
        aria-live="off"
        aria-labelledby="parley-title"
        tabIndex={0}
        onScroll={() => {
          const { scrollTop, scrollHeight, clientHeight } = scroller.current!;
          // The scroll origin is the bottom: scrollTop is 0 there and negative above.
          scroll.following = scrollTop > -NEAR_BOTTOM;
          if (scroll.following) showJump.value = false;
          else scroll.window.pin();
          // Near the top: render older messages (the column-reverse scroller keeps the view in place),
          // and once all are rendered, load the next older page.
          if (scroll.revealFrom !== undefined || scroll.revealFirst !== undefined || scrollHeight - clientHeight + scrollTop >= NEAR_TOP) return;
          if (revealRows()) scroll.revealFrom = scrollTop;
          else if (chat.hasOlder.peek()) loadOlder();
        }}
      >
        <div>
          <Start state={state} hidden={start > 0} olderPage={olderPage.value} older={() => revealRows() || loadOlder()} />
          {items}
          <TypingIndicator state={state} />
          <RatingForm state={state} />
        </div>
      </div>
      <NewMessagesButton state={state} scroll={scroll} showJump={showJump} />
      {/* Polite, like a status, but not a second `status` role: the window's status is its connection state. */}
      <div class="visually-hidden older-status" aria-live="polite">
        {olderPage.value === 'loading' ? i18n.t('loadingOlder') : olderPage.value === 'loaded' ? i18n.t('olderLoaded') : ''}
      </div>
    </div>
  );
}

function toBottom(scroll: Scroll, showJump: Signal<boolean>): void {
  scroll.scroller.current!.scrollTop = 0;
  scroll.following = true;
  showJump.value = false;
}

/**
 * The top of the list: "Earlier messages" while older messages are not rendered yet (first those in
 * memory, then older pages from the server), else the welcome text.
 */
function Start(props: { state: WidgetState; hidden: boolean; olderPage: OlderPage; older: () => unknown }) {
  const { state, hidden, olderPage, older } = props;
  const { chat } = state;
  const welcome = chat.welcomeMessage.value;
  if (!hidden && !chat.hasOlder.value)
    return welcome ? (
      <div class="message">
        <div class="message-text">{rich(welcome)}</div>
      </div>
    ) : null;
  const { t } = state.i18n.value;
  const loading = olderPage === 'loading';
  return (
    <>
      <button
        class="pill-button load-older"
        aria-busy={loading}
        onClick={older}
      >
        {t('older')}
      </button>
      {loading && (
        <div class="system-notice loading-older" aria-hidden="true">
          {t('loadingOlder')}
        </div>
      )}
    </>
  );
}

/** The words are for screen readers reading the log, not announced: typing comes and goes too often. */
function TypingIndicator({ state }: { state: WidgetState }) {
  const typing = state.chat.agentTyping.value;
  if (!typing) return null;
  const { t } = state.i18n.value;
  return (
    <div class="message typing-indicator">
      <div class="message-text" aria-hidden="true">
        •••
      </div>
      <span class="visually-hidden">{t('typing', { name: typing.name || t('agent') })}</span>
    </div>
  );
}

/** Shown when something arrived while the visitor reads further up; brings the newest into view. */
function NewMessagesButton({ state, scroll, showJump }: { state: WidgetState; scroll: Scroll; showJump: Signal<boolean> }) {
  if (!showJump.value) return null;
  return (
    <button
      class="pill-button new-messages"
      onClick={() => {
        toBottom(scroll, showJump);
        scroll.scroller.current!.focus();
      }}
    >
      {state.i18n.value.t('newMessages')}
    </button>
  );
}
