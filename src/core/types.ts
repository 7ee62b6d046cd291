/** Who wrote a message, as the host page sees it. */
export type Sender = 'visitor' | 'agent' | 'bot' | 'system';

/** Delivery state of the visitor's own messages. */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** Connection state of the chat (contract: the `status` event). */
export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline' | 'ended' | 'error';

export interface Attachment {
  id: string;
  name: string;
  mimeType?: string;
  size?: number;
  url?: string;
}

/**
 * A message as the host page sees it (events, `chat.messages`). Immutable: updates replace the object.
 * `id` is the server id once known; optimistic sends use their `clientId` as `id` until confirmed.
 */
export interface Message {
  id: string;
  clientId?: string;
  text: string;
  sender: Sender;
  senderName?: string;
  /** ISO-8601. */
  createdAt: string;
  status?: MessageStatus;
  /** Id of the message this one answers. */
  replyTo?: string;
  editedAt?: string;
  deleted?: boolean;
  attachments?: Attachment[];
  /**
   * A system message that says an agent joined, left, or took over after a transfer (`senderName`:
   * the agent). `text` says it in English; the widget says it in the visitor's language.
   */
  notice?: 'joined' | 'left' | 'transferred';
  /**
   * Choices a bot offers under its message: `reply` sends `value` (or the label) as the visitor's
   * message, `link` opens `url` (http/https only), `action` sends the label with `value` as the action.
   */
  buttons?: { kind: 'reply' | 'link' | 'action'; label: string; value?: string; url?: string; target?: 'blank' | 'parent' | 'self' }[];
  /** A visitor message that triggers a bot action (an `action` button's `value`). */
  action?: string;
  /** Kept out of the transcript (an action's message the bot asked not to echo). */
  hidden?: boolean;
}

/** One choice of {@link Message.buttons}. */
export type MessageButton = NonNullable<Message['buttons']>[number];

/** The visitor, as given to `identify()`. Extra keys are traits. */
export interface Identity {
  id: string;
  email?: string;
  name?: string;
  [trait: string]: unknown;
}

/** A partial change to a known message (edit, delete, receipt). */
export interface MessagePatch {
  id: string;
  text?: string;
  editedAt?: string;
  deleted?: boolean;
  status?: MessageStatus;
}

/** A custom event to or from the backend. */
export interface CustomEvent {
  name: string;
  data?: unknown;
}
