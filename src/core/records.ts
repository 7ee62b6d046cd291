/**
 * The records Parley keeps in storage, and their validation. Storage is outside Parley's control
 * (another version of Parley, another tab, an extension, a corrupted disk), so every record read
 * back is checked before use: a record of another schema version, or of the wrong shape, is
 * discarded (the caller logs it once), and a bad message inside a good list is dropped alone.
 */
import { isButton } from './actions';
import { isNonEmptyText, isObject, isText } from './guards';
import type { SessionRef } from './transport';
import type { Identity, Message } from './types';

/** The schema version written in every record. Records without one are from before versioning (same shape). */
export const RECORD_VERSION = 1;

export interface VisitorRecord {
  id: string;
  identity?: Identity;
}

/** The history of one visitor's conversation (never its queued messages: those are {@link QueuedRecord}s). */
export interface ConversationRecord {
  session?: SessionRef;
  /** The newest messages, oldest first. */
  messages: readonly Message[];
  hasOlder?: boolean;
  /** Incoming messages the visitor has not seen. */
  unread?: number;
}

/** One queued message of the outbox (status `sending` or `failed`), a record of its own. */
export interface QueuedRecord {
  message: Message;
  /** The file the message carries while it is not uploaded yet. */
  file?: Blob;
}

const SENDERS = ['visitor', 'agent', 'bot', 'system'];
const STATUSES = ['sending', 'sent', 'delivered', 'read', 'failed'];
const NOTICES = ['joined', 'left', 'transferred'];

const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isTime = (value: unknown) => isText(value) && !Number.isNaN(Date.parse(value));
/** The URLs an attachment may have: the backend's copy (`http:`/`https:`), or a local file of the page (`blob:`). */
const isFileUrl = (value: unknown) => isText(value) && /^(https?|blob):/i.test(value);
const isAttachment = (value: unknown) =>
  isObject(value) &&
  isNonEmptyText(value.id) &&
  isText(value.name) &&
  isText(value.type) &&
  typeof value.size === 'number' &&
  value.size >= 0 &&
  isFileUrl(value.url) &&
  optional(value.thumbnailUrl, (url) => isText(url) && /^https?:/i.test(url));

/** A message as Parley writes it. */
export function isMessage(value: unknown): value is Message {
  return (
    isObject(value) &&
    isNonEmptyText(value.id) &&
    isText(value.text) &&
    SENDERS.includes(value.sender as string) &&
    isTime(value.createdAt) &&
    optional(value.clientId, isNonEmptyText) &&
    optional(value.senderName, isText) &&
    optional(value.senderAvatar, (url) => isText(url) && /^https?:\/\//i.test(url)) &&
    optional(value.status, (status) => STATUSES.includes(status as string)) &&
    optional(value.replyTo, isText) &&
    optional(value.editedAt, isText) &&
    optional(value.deleted, (deleted) => typeof deleted === 'boolean') &&
    optional(value.attachments, (list) => Array.isArray(list) && list.every(isAttachment)) &&
    optional(value.notice, (notice) => NOTICES.includes(notice as string)) &&
    optional(value.buttons, (list) => Array.isArray(list) && list.every(isButton)) &&
    optional(value.action, isNonEmptyText) &&
    optional(value.hidden, (hidden) => typeof hidden === 'boolean')
  );
}

/** A visitor's message the backend has not confirmed yet (it has no server id): the outbox's. */
export const isQueued = (message: Message): boolean =>
  message.sender === 'visitor' && !!message.clientId && message.id === message.clientId && (message.status === 'sending' || message.status === 'failed');

const isCurrentVersion = (record: Record<string, unknown>) => record.version === undefined || record.version === RECORD_VERSION;
const isIdentity = (value: unknown): value is Identity => isObject(value) && isNonEmptyText(value.id);

/** The visitor record, or undefined when `value` is not one. */
export function readVisitor(value: unknown): VisitorRecord | undefined {
  if (!isObject(value) || !isCurrentVersion(value) || !isNonEmptyText(value.id)) return undefined;
  if (!optional(value.identity, isIdentity)) return undefined;
  return { id: value.id, identity: value.identity as Identity | undefined };
}

/**
 * The conversation record, or undefined when `value` is not one. `invalid` counts the messages
 * dropped from its list (a record that is kept may still have lost some).
 */
export function readConversation(value: unknown): { record?: ConversationRecord; invalid: number } {
  if (!isObject(value) || !isCurrentVersion(value) || !Array.isArray(value.messages)) return { invalid: 1 };
  const messages = value.messages.filter(isMessage);
  const unread = Number.isInteger(value.unread) && (value.unread as number) >= 0 ? (value.unread as number) : 0;
  const record: ConversationRecord = {
    session: isObject(value.session) ? value.session : undefined,
    messages,
    hasOlder: value.hasOlder === true,
    unread,
  };
  return { record, invalid: value.messages.length - messages.length };
}

/** The queued message of an outbox record, or undefined when `value` is not one. */
export function readQueued(value: unknown): Message | undefined {
  if (!isObject(value) || !isCurrentVersion(value)) return undefined;
  const message = value.message;
  return isMessage(message) && isQueued(message) ? message : undefined;
}
