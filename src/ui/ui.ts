/**
 * What the UI parts share: the per-widget state `mountWidget` makes (signals and refs, never
 * module-level), and a few one-line helpers. The chat model's signals are read directly; the UI keeps
 * no copy of them.
 */
import type { RefObject } from 'preact';
import type { Signal } from '@preact/signals-core';
import type { Chat } from '../core/model';
import type { Message } from '../core/types';
import type { I18n } from './i18n';

/** The message the composer answers (`edit` unset) or rewrites (`edit: true`). */
export interface Target {
  m: Message;
  edit?: boolean | undefined;
}

/** One widget's UI state. */
export interface Ui {
  chat: Chat;
  /** Strings and formatters (`setLocale` swaps them). */
  l: Signal<I18n>;
  /** `mode: 'inline'`: the panel sits in the page flow, always open, no launcher. */
  inline: boolean;
  /** The message being answered or edited. */
  tg: Signal<Target | null>;
  /** The composer's textarea. It is uncontrolled: typing re-renders nothing. */
  box: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Runs an action whose failure the core already reports (the `error` event / `chat.error`):
 * the UI has nothing to add, but must not leave an unhandled rejection on the host page.
 */
export const settle = (p: Promise<unknown>) => void p.catch(() => {});

/** Display name of a message's sender. */
export const who = (m: Message, t: I18n['t']) => (m.sender === 'visitor' ? t('you') : m.senderName || t('agent'));

/** A notice (agent joined, left, transferred) in the visitor's language; undefined for other messages. */
export const notice = (m: Message, t: I18n['t']) =>
  // Only the three the widget has words for (a custom transport may pass anything through).
  /^(joined|left|transferred)$/.test(m.notice!) ? t(m.notice!, { name: who(m, t) }) : undefined;

/** Stable across the optimistic → confirmed id swap. */
export const keyOf = (m: Message) => m.clientId || m.id;

/**
 * Sets the composer text (edit, cancel, a refused edit coming back) and fits its height.
 * Autosize is CSS `field-sizing: content` where supported, else measured here (a CSSOM write, CSP-safe).
 */
export function draft(u: Ui, text?: string): void {
  const el = u.box.current;
  if (!el) return;
  if (text !== undefined) el.value = text;
  if (!('fieldSizing' in el.style)) {
    el.style.height = '';
    // 120px: the tallest the composer grows before it scrolls (the stylesheet has the same limit).
    el.style.height = Math.min(el.scrollHeight, 120) + 'px';
  }
}
