/**
 * What the UI components share: the per-widget state `mountWidget` makes (signals and refs, never
 * module-level), and a few one-line helpers. The chat model's signals are read directly; the UI keeps
 * no copy of them.
 */
import type { RefObject } from 'preact';
import type { Signal } from '@preact/signals';
import type { Chat } from '../core/model';
import type { PreChatConfig } from '../core/pre-chat';
import type { Message } from '../core/types';
import type { I18n } from './i18n';
import type { Notifications } from './notify';
import type { Draft } from './draft';

/** The message the composer answers (`edit` unset) or rewrites (`edit: true`). */
export interface ComposeTarget {
  message: Message;
  edit?: boolean | undefined;
}

/** One widget's UI state. */
export interface WidgetState {
  chat: Chat;
  /** Strings and formatters (`setLocale` swaps them). */
  i18n: Signal<I18n>;
  /** `mode: 'inline'`: the panel sits in the page flow, always open, no launcher. */
  inline: boolean;
  /** Open when the widget was mounted (inline, or a restored open state): no focus is moved then. */
  startsOpen: boolean;
  /** The window is rendered (hidden) before its first open: the visitor is about to open it. */
  renderAhead?: boolean;
  /** Live messages that came before the window was mounted: announced once it is (./components/Announcer.tsx). */
  arrivedBefore: readonly Message[];
  /** The `subtitle` config: a line under the title. */
  subtitle: string | undefined;
  /** The message being answered or edited. */
  composeTarget: Signal<ComposeTarget | null>;
  /** The composer's textarea. It is uncontrolled: typing re-renders nothing. */
  composer: RefObject<HTMLTextAreaElement | null>;
  /** The `preChat` config: a form asked before the chat (./components/PreChatForm.tsx). */
  preChat?: PreChatConfig | undefined;
  /** The launcher button (floating mode), where focus returns when the window closes. */
  launcher: RefObject<HTMLButtonElement | null>;
  /** The `notifications` config at work (./notify/): the permission button reads its desktop part. */
  notifications?: Notifications;
  /** The composer's draft kept across reloads and navigations (./draft.ts), when the embed layer gave it a key. */
  draft?: Draft;
}

/**
 * Runs an action whose failure the core already reports (the `error` event / `chat.error`):
 * the UI has nothing to add, but must not leave an unhandled rejection on the host page.
 */
export const settle = (action: Promise<unknown>): void => void action.catch(() => {});

/** Display name of a message's sender. */
export const senderName = (message: Message, t: I18n['t']): string =>
  message.sender === 'visitor' ? t('you') : message.senderName || t('agent');

/** The notices the widget has words for (a custom transport may pass anything through). */
const NOTICES = ['joined', 'left', 'transferred'] as const;

/** A notice (agent joined, left, transferred) in the visitor's language; undefined for other messages. */
export function noticeText(message: Message, t: I18n['t']): string | undefined {
  const notice = NOTICES.find((known) => known === message.notice);
  return notice && t(notice, { name: senderName(message, t) });
}

/** Stable across the optimistic → confirmed id swap. */
export const messageKey = (message: Message): string => message.clientId || message.id;

/** The tallest the composer grows before it scrolls, px (the stylesheet has the same limit). */
const COMPOSER_MAX_HEIGHT = 120;

/**
 * Sets the composer text (edit, cancel, a refused edit coming back) and fits its height.
 * Autosize is CSS `field-sizing: content` where supported, else measured here (a CSSOM write, CSP-safe).
 */
export function setDraft(state: WidgetState, text?: string): void {
  const textarea = state.composer.current;
  if (!textarea) return;
  if (text !== undefined) textarea.value = text;
  if (!('fieldSizing' in textarea.style)) {
    textarea.style.height = '';
    textarea.style.height = Math.min(textarea.scrollHeight, COMPOSER_MAX_HEIGHT) + 'px';
  }
  state.draft?.save();
}

/** Drops the reply/edit target (its ✕, or Escape) and goes back to typing. */
export function cancelCompose(state: WidgetState): void {
  if (state.composeTarget.peek()?.edit) setDraft(state, '');
  state.composeTarget.value = null;
  state.composer.current?.focus();
}
