/**
 * One message: sender, text, time and, for the visitor's own, the delivery state (with "Retry" when it
 * failed). Reply / edit / delete appear where the backend supports them; they are ordinary buttons, so
 * keyboard users reach them with Tab (CSS shows them over the row on hover and focus, taking no space).
 * The sender's name is always in the text for screen readers, visible only at the start of a group.
 *
 * A row re-renders only when what it shows changed: @preact/signals skips a component that reads
 * signals when its props are the same, and messages are immutable (a new receipt is a new object), so
 * one new message or receipt does not re-render the history. Rows are new vnodes each render of the
 * list on purpose: a vnode kept across renders would keep the tree of the render that first used it
 * (Preact links it to its parent), which grows the heap with every message.
 */
import { useSignal } from '@preact/signals';
import type { Message } from '../../core/types';
import { plain, rich } from '../text';
import { Attachments } from './Attachments';
import { MessageButtons } from './MessageButtons';
import { messageKey, noticeText, senderName, setDraft, settle, type WidgetState } from '../state';

/** A message longer than this (characters or lines) shows collapsed, with "Show more". */
export const LONG_CHARACTERS = 1200;
export const LONG_LINES = 20;

export interface MessageRowProps {
  message: Message;
  /** First of a group: the sender's name is shown. */
  startsGroup: boolean;
  /** The message this one answers, when it is loaded. */
  quoted: Message | undefined;
  /** Laid out only when on screen (a row of the history the list opened on, ./MessageList.tsx). */
  lazy: boolean;
  state: WidgetState;
}

/** Whether a text is too long to show whole at first. */
function isLong(text: string): boolean {
  if (text.length > LONG_CHARACTERS) return true;
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0 && lines <= LONG_LINES; at = text.indexOf('\n', at + 1)) lines++;
  return lines > LONG_LINES;
}

export function MessageRow({ message, startsGroup, quoted, lazy, state }: MessageRowProps) {
  if (message.hidden) return null; // an action's message the bot did not ask to echo
  const { t, time } = state.i18n.value;
  if (message.sender === 'system') return <div class="system-notice">{noticeText(message, t) ?? rich(message.text)}</div>;
  const own = message.sender === 'visitor';
  const deleted = message.deleted;
  const failed = message.status === 'failed';
  const classes = ['message', own && 'message-own', !startsGroup && 'message-grouped', deleted && 'message-deleted', lazy && 'message-lazy'];
  const meta = [time(message.createdAt), !deleted && message.editedAt && t('edited'), own && !deleted && message.status && t(message.status)];
  return (
    <div class={classes.filter(Boolean).join(' ')}>
      {startsGroup && !own && message.senderAvatar && (
        // Decorative: the name is the text next to it. No referrer leaves with the request for the picture.
        <img class="sender-avatar" src={message.senderAvatar} alt="" width={20} height={20} referrerpolicy="no-referrer" />
      )}
      <span class={startsGroup && !own ? 'sender-name' : 'visually-hidden'}>{senderName(message, t)}</span>
      {quoted && (
        <div class="quoted-message">
          {senderName(quoted, t)}: {plain(quoted.text)}
        </div>
      )}
      {deleted ? (
        <div class="message-text">{t('deleted')}</div>
      ) : isLong(message.text) ? (
        <LongText message={message} state={state} />
      ) : (
        <div class="message-text">{rich(message.text)}</div>
      )}
      {!!message.attachments?.length && <Attachments message={message} state={state} />}
      <div class={failed ? 'message-meta message-failed' : 'message-meta'}>
        {meta.filter(Boolean).join(' · ')}
        {failed && (
          <button class="action-button" onClick={() => state.chat.retry(messageKey(message))}>
            {t('retry')}
          </button>
        )}
      </div>
      {!!message.buttons?.length && <MessageButtons message={message} state={state} />}
      {/* Only messages the backend has stored can be answered, edited or deleted. */}
      {!deleted && !failed && message.status !== 'sending' && messageActions(message, own, state)}
    </div>
  );
}

/** A long text, collapsed behind "Show more" (nothing is dropped: all of it is in the page). */
function LongText({ message, state }: { message: Message; state: WidgetState }) {
  const expanded = useSignal(false);
  const { t } = state.i18n.value;
  const collapsed = !expanded.value;
  return (
    <>
      <div class={collapsed ? 'message-text message-collapsed' : 'message-text'} tabIndex={collapsed ? undefined : 0}>
        {rich(message.text)}
      </div>
      <button class="action-button show-more" aria-expanded={!collapsed} onClick={() => (expanded.value = collapsed)}>
        {t(collapsed ? 'showMore' : 'showLess')}
      </button>
    </>
  );
}

/** Reply, edit and delete, where the backend supports them (a plain function: no state of its own). */
function messageActions(message: Message, own: boolean, state: WidgetState) {
  const { chat, composeTarget } = state;
  const { replyTo, editDelete } = chat.capabilities;
  const editable = own && editDelete;
  if (!replyTo && !editable) return null;
  const { t } = state.i18n.value;
  const compose = (edit?: boolean) => {
    composeTarget.value = { message, edit };
    if (edit) setDraft(state, message.text);
    state.composer.current?.focus();
  };
  return (
    <div class="message-actions">
      {replyTo && (
        <button class="action-button" onClick={() => compose()}>
          {t('reply')}
        </button>
      )}
      {editable && (
        <button class="action-button" onClick={() => compose(true)}>
          {t('edit')}
        </button>
      )}
      {editable && (
        <button class="action-button" onClick={() => settle(chat.remove(message.id))}>
          {t('delete')}
        </button>
      )}
    </div>
  );
}
