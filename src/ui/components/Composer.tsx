/**
 * The bottom of the window: the reply/edit preview and the composer, or "New chat" once the
 * conversation ended. The composer is the textbox "Message" and the button "Send" (contract). Enter
 * sends, Shift+Enter adds a line, and Enter while an input method is composing (CJK, accents) belongs to
 * the IME. The textarea is uncontrolled: typing re-renders nothing.
 */
import { useComputed } from '@preact/signals';
import { useLayoutEffect } from 'preact/hooks';
import { CLOSE_ICON, SEND_ICON, icon } from '../icons';
import { plain } from '../text';
import { cancelCompose, senderName, setDraft, settle, type WidgetState } from '../state';
import { pasteFiles } from '../files/send-files';
import { AttachButton, FileNotice } from './AttachButton';

/** Browsers report key code 229 for keys an input method is handling. */
const IME_KEY_CODE = 229;

/** Sends (or saves the edit of) what the composer holds. */
function submit(state: WidgetState): void {
  const { chat, composeTarget } = state;
  const text = state.composer.current!.value.trim();
  if (!text) return;
  const target = composeTarget.peek();
  try {
    if (!target?.edit) chat.send(text, target ? { replyTo: target.message.id } : undefined);
    else if (text !== target.message.text)
      // A refused edit comes back into the composer, so nothing typed is lost.
      chat.edit(target.message.id, text).catch(() => {
        setDraft(state, text);
        composeTarget.value = target;
      });
  } catch {
    return; // Refused before sending (too long): keep the draft so the visitor can shorten it.
  }
  setDraft(state, '');
  composeTarget.value = null;
  chat.setTyping(false);
}

export function Composer({ state }: { state: WidgetState }) {
  const { chat, composer } = state;
  const { t } = state.i18n.value;
  // Only whether the conversation ended matters here, not every status change.
  const ended = useComputed(() => chat.status.value === 'ended');
  // The draft an earlier page left (a reload, a navigation of the site), or one typed before the conversation
  // ended, put back when the textbox mounts.
  useLayoutEffect(() => state.draft?.restore(), [ended.value]);
  if (ended.value)
    return (
      <div class="conversation-ended">
        <button class="pill-button" onClick={() => settle(chat.startNew())}>
          {t('startNew')}
        </button>
      </div>
    );
  return (
    <>
      <ComposeTargetPreview state={state} />
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          submit(state);
          composer.current!.focus();
        }}
      >
        <textarea
          ref={composer}
          rows={1}
          dir="auto"
          aria-label={t('message')}
          placeholder={t('placeholder')}
          onPaste={(event) => pasteFiles(state, event)}
          onInput={() => {
            setDraft(state);
            if (composer.current!.value.trim()) chat.setTyping(true);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== IME_KEY_CODE) {
              event.preventDefault();
              submit(state);
            }
          }}
        />
        <AttachButton state={state} />
        <button aria-label={t('send')}>{icon(SEND_ICON)}</button>
      </form>
      <FileNotice state={state} />
    </>
  );
}

/** The message being answered or edited, above the composer, with ✕ to cancel. */
function ComposeTargetPreview({ state }: { state: WidgetState }) {
  const target = state.composeTarget.value;
  if (!target) return null;
  const { t } = state.i18n.value;
  return (
    <div class="compose-target">
      <div>
        <b>{t(target.edit ? 'edit' : 'replyingTo', { name: senderName(target.message, t) })}</b>
        <p>{plain(target.message.text)}</p>
      </div>
      <button class="icon-button" aria-label={t('cancel')} onClick={() => cancelCompose(state)}>
        {icon(CLOSE_ICON)}
      </button>
    </div>
  );
}
