import type { ReadonlySignal } from '@preact/signals-core';
import type { ParleyError } from './errors';
import type { ConnectionStatus, CustomEvent, Identity, Message } from './types';
import type { FileLimits, TransportCapabilities, Unsubscribe, UploadFile } from './transport';

/** Events the chat emits to the host page (contract: ARCHITECTURE.md §2). */
export interface ChatEvents {
  ready: void;
  open: void;
  close: void;
  /** An incoming message (not the visitor's own, not history). */
  message: Message;
  /** The visitor's own message, confirmed by the backend. */
  sent: Message;
  unread: number;
  status: ConnectionStatus;
  identify: Identity;
  reset: void;
  /** A custom event from the backend. */
  event: CustomEvent;
  error: ParleyError;
}
export type ChatEventName = keyof ChatEvents;

/** Satisfaction rating state. */
export type CsatState = 'none' | 'requested' | 'submitted';

/**
 * The conversation as read by the UI and the host API. Every field is a signal: the UI reads them
 * directly and keeps no copy.
 */
export interface ChatState {
  /** Ordered oldest first; de-duplicated; includes optimistic sends. */
  readonly messages: ReadonlySignal<readonly Message[]>;
  readonly status: ReadonlySignal<ConnectionStatus>;
  /** The last error that changed the status (null once recovered). */
  readonly error: ReadonlySignal<ParleyError | null>;
  /** Operator presence, when the backend tells. */
  readonly operatorOnline: ReadonlySignal<boolean | undefined>;
  /** An agent is typing (cleared by their next message or after a timeout). */
  readonly agentTyping: ReadonlySignal<{ name?: string } | null>;
  /** Incoming messages not yet seen (the window was closed when they came). */
  readonly unread: ReadonlySignal<number>;
  readonly identity: ReadonlySignal<Identity | null>;
  /** Whether the chat window is open (drives unread and read receipts). */
  readonly isOpen: ReadonlySignal<boolean>;
  /** Backend-provided welcome text, else the configured one. */
  readonly welcomeMessage: ReadonlySignal<string | undefined>;
  readonly csat: ReadonlySignal<CsatState>;
  /** Older history can be loaded with `loadOlder()`. */
  readonly hasOlder: ReadonlySignal<boolean>;
  readonly capabilities: TransportCapabilities;
  /** What files the backend accepts (capability `attachments`). */
  readonly fileLimits?: FileLimits;
}

export interface SendOptions {
  replyTo?: string;
  /** A bot action the message triggers (an `action` button's `value`): hidden unless the backend says the bot echoes it. */
  action?: string;
}

/** The chat model: state + actions + host events. One per widget instance. */
export interface Chat extends ChatState {
  /** Connect (idempotent); resolves once connected or failed (failure is in `status`/`error`). */
  start(): Promise<void>;
  /**
   * Queue a message: it appears at once with status `sending`, is persisted in the outbox and sent
   * in order with retries. Throws a `validation` ParleyError for empty or over-long text.
   */
  send(text: string, options?: SendOptions): Message;
  /** Send again a message that failed (by its clientId or id). */
  retry(id: string): void;
  /**
   * Queue a file (capability `attachments`): an own message with the file as its attachment (a local
   * `blob:` preview until uploaded), uploaded and sent in order like a text. Throws a `validation`
   * ParleyError (with `reason` `file-size`, `file-type` or `file-empty`) when the backend would refuse
   * it (also emitted as an `error` event), and an `unsupported` one when the backend takes no files;
   * nothing is queued then.
   */
  sendFile(file: UploadFile): Message;
  /**
   * Whether this tab holds the link among the visitor's tabs (src/tabs/: the owner connects; always
   * true where there are no tabs). The notifications follow it: one tab notifies, not each.
   */
  readonly ownsLink?: ReadonlySignal<boolean>;
  /** Upload progress (0…1) of a queued file message; undefined when it has no file waiting. */
  uploadProgress(id: string): ReadonlySignal<number> | undefined;
  /** Stops the upload of a queued file message and removes the message; false when there is none to cancel. */
  cancelUpload(id: string): boolean;
  edit(id: string, text: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Call on every keystroke with `true`; the core debounces and sends the stop by itself. */
  setTyping(active: boolean): void;
  setOpen(open: boolean): void;
  loadOlder(): Promise<void>;
  identify(identity: Identity): Promise<void>;
  /** Custom event to the backend. */
  trigger(name: string, data?: unknown): Promise<void>;
  submitCsat(score: number, comment?: string): Promise<void>;
  /** The visitor ends the conversation (where supported). */
  end(): Promise<void>;
  /** Start a new conversation after the previous one ended. */
  startNew(): Promise<void>;
  /** Forget identity, session and cached history of this visitor; the next chat starts fresh. */
  reset(): Promise<void>;
  on<K extends ChatEventName>(type: K, handler: (event: ChatEvents[K]) => void): Unsubscribe;
  off<K extends ChatEventName>(type: K, handler: (event: ChatEvents[K]) => void): void;
  /** Close the link, stop timers, drop listeners. */
  destroy(): void;
}
