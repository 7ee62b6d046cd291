/**
 * The chat's state as one model: the signals the UI and the host read, the host event emitter, and
 * the few actions that change a signal and announce it together (status, unread). No I/O: the
 * parts of the chat (outbox, link policy, visitor, persistence) drive it. `dispose()` drops every
 * host listener.
 */
import { signal } from '@preact/signals-core';
import type { ParleyConfig } from './config';
import { createEmitter } from './emitter';
import type { ParleyError } from './errors';
import type { ChatEvents, CsatState } from './model';
import type { ConnectionStatus, Identity, Message } from './types';

export type ChatStateModel = ReturnType<typeof createChatState>;

export function createChatState(config: Partial<ParleyConfig>) {
  const events = createEmitter<ChatEvents>();
  const messages = signal<readonly Message[]>([]);
  const status = signal<ConnectionStatus>('idle');
  const error = signal<ParleyError | null>(null);
  const operatorOnline = signal<boolean | undefined>(undefined);
  const agentTyping = signal<{ name?: string } | null>(null);
  const unread = signal(0);
  const identity = signal<Identity | null>(null);
  const isOpen = signal(false);
  const welcomeMessage = signal(config.welcomeMessage);
  const csat = signal<CsatState>('none');
  const hasOlder = signal(false);

  return {
    messages,
    status,
    error,
    operatorOnline,
    agentTyping,
    unread,
    identity,
    isOpen,
    welcomeMessage,
    csat,
    hasOlder,
    on: events.on,
    off: events.off,
    emit: events.emit,

    /**
     * Sets the status (and the error that explains it; `online` clears it) and emits `status` when it
     * changed. Returns whether it changed.
     */
    setStatus(next: ConnectionStatus, reason?: ParleyError): boolean {
      error.value = next === 'online' ? null : (reason ?? error.value);
      if (status.value === next) return false;
      status.value = next;
      events.emit('status', next);
      return true;
    },

    /** Sets the unread count, emitting `unread` when it changed. */
    setUnread(count: number) {
      if (unread.value === count) return;
      unread.value = count;
      events.emit('unread', count);
    },

    /** Empties everything that belonged to the previous visitor's conversation. */
    clearConversation() {
      messages.value = [];
      hasOlder.value = false;
      error.value = null;
      welcomeMessage.value = config.welcomeMessage;
      csat.value = 'none';
    },

    /** Drops every host listener. */
    dispose: events.clear,
  };
}
