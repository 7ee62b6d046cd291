/** Who wrote a message, as the host page sees it. */
export type Sender = 'visitor' | 'agent' | 'bot' | 'system';

/** Delivery state of the visitor's own messages. */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** Connection state of the chat (contract: the `status` event). */
export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline' | 'ended' | 'error';

/**
 * A file on a message. `url` is an `http:`/`https:` URL of the backend's copy, or, while the visitor's own
 * upload is under way (or queued), a same-origin `blob:` URL of the local file. `thumbnailUrl`: a smaller
 * image, when the backend makes one.
 */
export interface Attachment {
  id: string;
  name: string;
  /** MIME type (`application/octet-stream` when unknown). */
  type: string;
  /** Bytes. */
  size: number;
  url: string;
  thumbnailUrl?: string;
}

/**
 * A button offered with a message: a quick reply or card postback (`reply`, `action`: tapping it sends
 * `label` as the visitor's answer; the backend sends `value` as its payload) or a link (`url`).
 */
export interface MessageButton {
  kind: 'reply' | 'link' | 'action';
  label: string;
  value?: string;
  url?: string;
  /** Where a link opens (http/https only): a new tab (default), the parent frame or this frame. */
  target?: 'blank' | 'parent' | 'self';
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
  /** The agent's picture, an http(s) URL (backends that send one: Genesys Web Messaging). */
  senderAvatar?: string;
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
  /** Quick replies, card actions and links offered with the message (rich conversations). */
  buttons?: MessageButton[];
  /** A visitor message that triggers a bot action (an `action` button's `value`). */
  action?: string;
  /** Kept out of the transcript (an action's message the bot asked not to echo). */
  hidden?: boolean;
}

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
  /** The message's files again, e.g. with download URLs renewed before they expire. */
  attachments?: Attachment[];
}

/** A custom event to or from the backend. */
export interface CustomEvent {
  name: string;
  data?: unknown;
}
