/** @jsxRuntime classic */
/** @jsx h */
/**
 * The launcher and the chat window: header (title, subtitle, operator presence, close), connection
 * status, the conversation, the reply/edit preview and the composer (or "Start a new conversation"
 * once the conversation ended). Plain functions of the widget state, called on every render.
 */
import { h, type RefObject, type VNode } from 'preact';
import { ARROW, CHAT, CLOSE, icon } from './icons';
import { plain } from './text';
import { draft, settle, who, type Ui } from './ui';

/** Drops the reply/edit target (its ✕, or Escape) and goes back to typing. */
export function cancel(u: Ui): void {
  if (u.tg.peek()!.edit) draft(u, '');
  u.tg.value = null;
  u.box.current?.focus();
}

/**
 * The floating round button. Its name stays "Open chat" (contract) while `aria-expanded` tells whether
 * the window is open; the unread count is its accessible description, shown as a badge (CSS, from `data-n`).
 */
export function launcher({ chat, l }: Ui, ref: RefObject<HTMLButtonElement | null>): VNode {
  const { t } = l.value;
  const open = chat.isOpen.value;
  const n = chat.unread.value;
  return (
    <button
      ref={ref}
      class="ln"
      aria-label={t('launcher')}
      aria-expanded={open}
      aria-describedby={n ? 'pu' : undefined}
      data-n={n ? (n > 99 ? '99+' : n) : undefined}
      onClick={() => chat.setOpen(!open)}
    >
      {icon(open ? CLOSE : CHAT)}
      {/* Inside the button (whose children are presentational) it is read only as the description. */}
      {n > 0 && (
        <span id="pu" class="sr">
          {t('unread', { n })}
        </span>
      )}
    </button>
  );
}

/**
 * The window. Floating: a non-modal `dialog` named by its title. Inline: a `region` in the page flow
 * (a dialog would tell screen-reader users that something popped up, which never happens inline).
 *
 * The composer is the textbox "Message" and the button "Send" (contract). Enter sends, Shift+Enter
 * adds a line, and Enter while an input method is composing (CJK, accents) belongs to the IME.
 */
export function panel(u: Ui, sub: string | undefined, open: boolean, list: VNode): VNode {
  const { chat, inline, tg, box } = u;
  const { t } = u.l.value;
  const on = chat.operatorOnline.value;
  const status = chat.status.value;
  const g = tg.value;

  // `g` is current here: any change of the target renders again (and so renews this handler).
  const send = () => {
    const text = box.current!.value.trim();
    if (!text) return;
    try {
      if (!g?.edit) chat.send(text, g ? { replyTo: g.m.id } : undefined);
      else if (text !== g.m.text)
        // A refused edit comes back into the composer, so nothing typed is lost.
        chat.edit(g.m.id, text).catch(() => {
          draft(u, text);
          tg.value = g;
        });
    } catch {
      return; // Refused before sending (too long): keep the draft so the visitor can shorten it.
    }
    draft(u, '');
    tg.value = null;
    chat.setTyping(false);
  };

  return (
    <section class="pn" role={inline ? 'region' : 'dialog'} aria-labelledby="pt" hidden={!open}>
      <header>
        <div>
          <h2 id="pt">{t('title')}</h2>
          {sub && <p>{sub}</p>}
          {on != null && <p>{t(on ? 'online' : 'away')}</p>}
        </div>
        {!inline && (
          <button class="ib" aria-label={t('close')} onClick={() => chat.setOpen(false)}>
            {icon(CLOSE)}
          </button>
        )}
      </header>
      {/* Connection state in words: a polite live region kept in the DOM (a region added together
          with its text is not announced); CSS hides it while empty (online, idle). */}
      <p class="st" role="status">
        {status !== 'online' && status !== 'idle' && t(status)}
      </p>
      {list}
      {status === 'ended' ? (
        <div class="st">
          <button class="pb" onClick={() => settle(chat.startNew())}>
            {t('startNew')}
          </button>
        </div>
      ) : (
        [
          g && (
            <div class="rp">
              <div>
                <b>{t(g.edit ? 'edit' : 'replyingTo', { name: who(g.m, t) })}</b>
                <p>{plain(g.m.text)}</p>
              </div>
              <button class="ib" aria-label={t('cancel')} onClick={() => cancel(u)}>
                {icon(CLOSE)}
              </button>
            </div>
          ),
          <form
            class="cp"
            onSubmit={(e) => {
              e.preventDefault();
              send();
              box.current!.focus();
            }}
          >
            <textarea
              ref={box}
              rows={1}
              dir="auto"
              aria-label={t('message')}
              placeholder={t('placeholder')}
              onInput={() => {
                draft(u);
                if (box.current!.value.trim()) chat.setTyping(true);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
                  e.preventDefault();
                  send();
                }
              }}
            />
            <button aria-label={t('send')}>
              {icon(ARROW)}
            </button>
          </form>,
        ]
      )}
    </section>
  );
}
