/** @jsxRuntime classic */
/** @jsx h */
/**
 * The conversation: welcome text, history with day separators, typing dots, the satisfaction card,
 * and the scrolling rules.
 *
 * Screen readers: this is the `role="log"` of the contract, but with `aria-live="off"`. Rendering
 * cached history, prepending older pages and updating receipts are all DOM additions that a live log
 * would read out; instead the announcer (mount.tsx) speaks each new incoming message exactly once.
 *
 * Scrolling: the scroller is a `column-reverse` flexbox around one content box, so its scroll origin
 * is the bottom: the browser itself keeps the view at the bottom while the visitor is there (new
 * messages, typing, the box resizing for the keyboard or the reply preview), and keeps the visible
 * messages in place when older ones are prepended or (scroll anchoring) when new ones arrive while
 * the visitor reads further up. The code only jumps to the bottom after the visitor sends, and offers
 * a "New messages" button when something arrives while they are scrolled up.
 */
import { Component, h, type VNode } from 'preact';
import { signal } from '@preact/signals-core';
import type { Message } from '../core/types';
import type { I18n } from './i18n';
import { link, plain, rich } from './text';
import { draft, keyOf, notice, settle, who, type Ui } from './ui';

/** Consecutive messages of one sender closer than this share a group (name shown once). */
const GROUP_MS = 5 * 60_000;
/** Within this distance of the bottom, the list keeps following new content. */
const NEAR_BOTTOM = 40;

interface RowProps {
  m: Message;
  /** First of a group: the sender's name is shown. */
  f: boolean;
  /** The message this one answers, when it is loaded. */
  q: Message | undefined;
  u: Ui;
  l: I18n;
}

/** What is kept per message (messages are immutable): its time and day, read once. */
interface Memo {
  at: number;
  day: string;
}

/**
 * One message: sender, text, time and, for the visitor's own, the delivery state (with "Retry" when it
 * failed). Reply / edit / delete appear where the backend supports them; they are ordinary buttons,
 * so keyboard users reach them with Tab (CSS reveals them on hover and focus). The sender's name is
 * always in the text for screen readers, visible only at the start of a group.
 */
function row({ m, f, q, u, l: { t, time } }: RowProps) {
  if (m.sender === 'system') return <div class="sys">{notice(m, t) ?? rich(m.text)}</div>;
  const { chat, tg, box } = u;
  const { replyTo, editDelete } = chat.capabilities;
  const own = m.sender === 'visitor';
  const mine = own && editDelete;
  const gone = m.deleted;
  const failed = m.status === 'failed';
  const btn = (k: 'retry' | 'reply' | 'edit' | 'delete', fn: () => unknown) => (
    <button class="tb" onClick={fn}>
      {t(k)}
    </button>
  );
  const compose = (edit?: boolean) => {
    tg.value = { m, edit };
    if (edit) draft(u, m.text);
    box.current?.focus();
  };
  return (
    <div class={`m${own ? ' me' : ''}${f ? '' : ' g'}${gone ? ' x' : ''}`}>
      <span class={f && !own ? 'nm' : 'sr'}>{who(m, t)}</span>
      {q && (
        <div class="q">
          {who(q, t)}: {plain(q.text)}
        </div>
      )}
      <div class="b">
        {gone ? t('deleted') : rich(m.text)}
        {!gone &&
          // Only web links are followed; anything else is shown by name.
          m.attachments?.map((a) => (/^https?:\/\//i.test(a.url!) ? link(a.url!, a.name, 'fl') : <span class="fl">{a.name}</span>))}
      </div>
      <div class={failed ? 'mt er' : 'mt'}>
        {[time(m.createdAt), !gone && m.editedAt && t('edited'), own && !gone && m.status && t(m.status)].filter(Boolean).join(' · ')}
        {failed && btn('retry', () => chat.retry(keyOf(m)))}
        {/* Only messages the backend has stored can be answered, edited or deleted. */}
        {!gone && !failed && m.status !== 'sending' && (replyTo || mine) && (
          <span class="act">
            {replyTo && btn('reply', () => compose())}
            {mine && btn('edit', () => compose(true))}
            {mine && btn('delete', () => settle(chat.remove(m.id)))}
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * A row re-renders only when what it shows changed (messages are immutable, so the same objects mean
 * the same row): one new message or receipt does not re-render the history. Rows are new vnodes each
 * render on purpose: a vnode kept across renders would keep the tree of the render that first used it
 * (Preact links it to its parent), which grows the heap with every message.
 */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(n: RowProps) {
    const o = this.props;
    return n.m !== o.m || n.f !== o.f || n.q !== o.q || n.l !== o.l;
  }
  override render(p: RowProps) {
    return row(p);
  }
}

/**
 * The list for one widget: `[view, after]`. `view()` renders it (reading the chat's signals);
 * `after()` runs after every render to jump to the bottom or offer the "New messages" button.
 */
export function createList(u: Ui): [() => VNode, () => void] {
  const { chat } = u;
  const jump = signal(false);
  const busy = signal(false);
  const score = signal(0);
  const memo = new WeakMap<Message, Memo>();
  let sc: HTMLElement | null = null;
  let stick = true;
  let tail: string | undefined;

  const bottom = () => {
    sc!.scrollTop = 0;
    stick = true;
    jump.value = false;
  };
  // A stable ref callback: Preact calls it on mount (element) and unmount (null) only.
  const ref = (el: HTMLElement | null) => {
    sc = el;
  };

  const after = () => {
    if (!sc) return;
    const list = chat.messages.peek();
    const last = list[list.length - 1];
    const t0 = last && keyOf(last);
    if (t0 && t0 !== tail) {
      if (last.sender === 'visitor') bottom();
      else if (!stick && tail) jump.value = true;
    }
    tail = t0;
  };

  const view = () => {
    const l = u.l.value;
    const { t } = l;
    const list = chat.messages.value;
    const welcome = chat.welcomeMessage.value;
    const typing = chat.agentTyping.value;
    const csat = chat.csat.value;
    const s = score.value;
    const items: VNode[] = [];
    let byId: Map<string, Message> | undefined;
    let prev: Message | undefined;
    let p: Memo | undefined;
    for (const m of list) {
      let d = memo.get(m);
      if (!d) memo.set(m, (d = { at: Date.parse(m.createdAt), day: new Date(m.createdAt).toDateString() }));
      const newDay = d.day !== p?.day;
      if (newDay)
        items.push(
          <div class="dy" key={d.day}>
            {l.day(m.createdAt)}
          </div>,
        );
      const f =
        newDay || m.sender === 'system' || prev!.sender !== m.sender || prev!.senderName !== m.senderName || d.at - p!.at > GROUP_MS;
      const q = m.replyTo ? (byId ??= new Map(list.map((x) => [x.id, x]))).get(m.replyTo) : undefined;
      items.push(<Row key={keyOf(m)} m={m} f={f} q={q} u={u} l={l} />);
      prev = m;
      p = d;
    }

    return (
      <div class="lw">
        <div
          ref={ref}
          class="sc"
          role="log"
          aria-live="off"
          aria-labelledby="pt"
          tabIndex={0}
          onScroll={() => {
            // The scroll origin is the bottom: scrollTop is 0 there and negative above.
            stick = sc!.scrollTop > -NEAR_BOTTOM;
            if (stick) jump.value = false;
          }}
        >
          <div>
            {chat.hasOlder.value ? (
              <button
                class="pb pl"
                aria-busy={busy.value}
                onClick={() => {
                  if (busy.peek()) return;
                  busy.value = true;
                  settle(
                    chat.loadOlder().finally(() => {
                      busy.value = false;
                      // The button goes away with the last page: keep keyboard focus in the list.
                      if (!chat.hasOlder.peek()) sc?.focus({ preventScroll: true });
                    }),
                  );
                }}
              >
                {t('older')}
              </button>
            ) : (
              welcome && (
                <div class="m">
                  <div class="b">{rich(welcome)}</div>
                </div>
              )
            )}
            {items}
            {/* The words are for screen readers reading the log, not announced: typing comes and goes too often. */}
            {typing && (
              <div class="m ty">
                <div class="b" aria-hidden="true">
                  •••
                </div>
                <span class="sr">{t('typing', { name: typing.name || t('agent') })}</span>
              </div>
            )}
            {/* Satisfaction: five stars as native radio buttons ("3 out of 5", arrow keys move), a comment, submit. */}
            {csat === 'submitted' ? (
              <p class="sys">{t('thanks')}</p>
            ) : (
              csat === 'requested' && (
                <form
                  class="cs"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const comment = (e.currentTarget as unknown as { c: HTMLTextAreaElement }).c.value.trim();
                    settle(chat.submitCsat(s, comment || undefined));
                    score.value = 0;
                    u.box.current?.focus();
                  }}
                >
                  <fieldset>
                    <legend>{t('rate')}</legend>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <label class={n <= s ? 'f' : ''}>
                        <input class="sr" type="radio" name="r" checked={n === s} aria-label={t('stars', { n })} onChange={() => (score.value = n)} />
                        ★
                      </label>
                    ))}
                  </fieldset>
                  <textarea name="c" rows={2} aria-label={t('comment')} placeholder={t('comment')} />
                  <button class="pb" disabled={!s}>
                    {t('send')}
                  </button>
                </form>
              )
            )}
          </div>
        </div>
        {jump.value && (
          <button
            class="pb jmp"
            onClick={() => {
              bottom();
              sc!.focus();
            }}
          >
            {t('newMessages')}
          </button>
        )}
      </div>
    );
  };

  return [view, after];
}
