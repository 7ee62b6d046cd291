/**
 * PocketPing wire shapes (sdk-node 1.1.0 `types.ts`, protocol sheet §4, §7) and their validated
 * mapping to Parley's types. Nothing from the wire is trusted: every field is checked, unknown
 * fields are ignored, and a value that does not fit makes the whole item `undefined` (dropped).
 * Optional fields that do not fit come out `undefined` (the core drops undefined keys).
 */
import { isObject } from '../../core/guards';
import type { Attachment, Message, MessagePatch, Sender } from '../../core/types';
import { asRecord, fault, isId, isText, isTime, optional, type WireRecord } from '../kit';
import type { TransportEventName, TransportEvents } from '../../core/transport';

/** A stored message as sdk-node sends it. Documentation only: parsing never assumes it. */
export interface WireMessage {
  id: string;
  sessionId: string;
  content: string;
  sender: 'visitor' | 'operator' | 'ai';
  /** ISO-8601. */
  timestamp: string;
  /** A message id; the SaaS sends an object `{ id, content, sender, ... }`. */
  replyTo?: string | { id: string };
  status?: 'sending' | 'sent' | 'delivered' | 'read';
  editedAt?: string;
  /** Soft delete: `content` is still there and must be hidden. */
  deletedAt?: string;
  attachments?: { id: string; filename: string; mimeType: string; size: number; url: string }[];
}

/** A server → client frame: `{ type, data }`, e.g. `{type:'message', data: WireMessage}`. */
export interface WireFrame {
  type: string;
  data: unknown;
}

/** Where `fromFrame` delivers the events a frame carries. */
export type Emit = <K extends TransportEventName>(type: K, event: TransportEvents[K]) => void;

/** The backend's name (error messages start with it). */
export const POCKETPING = 'pocketping';

/** Only web links: a `javascript:` URL must never reach an href. */
const isWebLink = (value: unknown): value is string => isText(value) && /^https?:\/\//i.test(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isSize = (value: unknown): value is number => typeof value === 'number' && value >= 0;

/** The statuses a read receipt sets. */
const isReceipt = (status: unknown): status is 'delivered' | 'read' => status === 'delivered' || status === 'read';

/** operator → agent, ai → bot, visitor → visitor. */
const sender = (wireSender: unknown): Sender | undefined =>
  wireSender === 'visitor' ? 'visitor' : wireSender === 'operator' ? 'agent' : wireSender === 'ai' ? 'bot' : undefined;

/** One attachment as a list of zero or one (for `flatMap`). */
export const attachment = (raw: unknown): Attachment[] => {
  const file = asRecord(raw);
  // A file without a web link cannot be shown (nor downloaded): dropped.
  if (!isId(file.id) || !isId(file.filename) || !isWebLink(file.url)) return [];
  return [
    {
      id: file.id,
      name: file.filename,
      type: isId(file.mimeType) ? file.mimeType : 'application/octet-stream',
      size: isSize(file.size) ? file.size : 0,
      url: file.url,
      thumbnailUrl: optional(isWebLink, file.thumbnailUrl),
    },
  ];
};

/** A wire message as a Parley message; `undefined` when it does not fit. Texts of any length are kept. */
export function toMessage(raw: unknown): Message | undefined {
  const row = asRecord(raw);
  const { id, content, timestamp, status } = row;
  const from = sender(row.sender);
  if (!(isId(id) && isText(content) && from && isTime(timestamp))) return undefined;
  // Quirk 7: a soft-deleted message keeps its content on the server; never show it.
  const gone = !!row.deletedAt;
  // (One item or none become a list of that: each item is checked anyway.)
  const files = [row.attachments].flat().flatMap(attachment);
  return {
    id,
    text: gone ? '' : content,
    sender: from,
    createdAt: timestamp,
    // A message id; the SaaS sends an object `{ id, content, sender, ... }`.
    replyTo: optional(isId, asRecord(row.replyTo).id ?? row.replyTo),
    status: status === 'sent' || isReceipt(status) ? status : undefined,
    editedAt: optional(isTime, row.editedAt),
    deleted: gone || undefined,
    attachments: files.length ? files : undefined,
  };
}

/**
 * Adds the wire `rows` to `all`, de-duplicating by id (quirk 6: each `/read` appends a row again): the
 * last row wins, at the place of the first; `drop` hears of each row that does not fit (and of `rows`
 * that are not a list). Returns the last id this page added, the only safe paging cursor: sdk-node
 * resumes after the FIRST row with the `after` id, so a repeated id would rewind.
 */
export function merge(all: Map<string, Message>, rows: unknown, drop: () => void): string | undefined {
  let added: string | undefined;
  // (Rows that are not a list are one malformed row.)
  for (const raw of [rows].flat()) {
    const message = toMessage(raw);
    if (!message) drop();
    else {
      if (!all.has(message.id)) added = message.id;
      all.set(message.id, message);
    }
  }
  return added;
}

/** The patch of an edit (the `message_edited` frame and the edit routes' answer). */
export const edited = (id: unknown, data: WireRecord): MessagePatch | false =>
  isId(id) && isText(data.content) && { id, text: data.content, editedAt: optional(isTime, data.editedAt) };
/** The patch of a delete. */
export const deleted = (id: string): MessagePatch => ({ id, deleted: true, text: '' });

/**
 * A frame type: the event it becomes, and its payload(s) from `data` (falsy: malformed). Entries are
 * plain tuples checked with `satisfies` (no helper in the bundle).
 */
type Rule<K extends TransportEventName = TransportEventName> = [K, (data: WireRecord) => TransportEvents[K] | TransportEvents[K][] | false | undefined];

/** Frame types Parley uses (null prototype: a `constructor` or `__proto__` type finds nothing). */
const FRAMES: Record<string, Rule> = {
  __proto__: null as never,
  message: ['message', toMessage] satisfies Rule<'message'>,
  typing: [
    'typing',
    (data) => {
      const from = sender(data.sender);
      // Quirk 10: the visitor's own typing comes back; it is not news.
      return !!from && isBoolean(data.isTyping) && (from === 'visitor' ? [] : { sender: from, typing: data.isTyping });
    },
  ] satisfies Rule<'typing'>,
  presence: ['presence', (data) => isBoolean(data.online) && { online: data.online }] satisfies Rule<'presence'>,
  read: [
    'patch',
    ({ status, messageIds: ids }) =>
      isReceipt(status) && Array.isArray(ids) && ids.every(isId) && ids.map((id) => ({ id, status })),
  ] satisfies Rule<'patch'>,
  message_edited: ['patch', (data) => edited(data.messageId, data)] satisfies Rule<'patch'>,
  message_deleted: ['patch', (data) => isId(data.messageId) && deleted(data.messageId)] satisfies Rule<'patch'>,
  event: ['event', (data) => isId(data.name) && { name: data.name, data: data.data }] satisfies Rule<'event'>,
  csat_request: ['csat', (data) => ({ requestedAt: optional(isTime, data.requestedAt) })] satisfies Rule<'csat'>,
  // canContinue false turns it into an `error` (the stock widget disconnects). sdk-node always says
  // something (and an `unsupported` widget already got a 426 at /connect): no text, no warning.
  version_warning: ['warning', (data) => isId(data.message) && fault(POCKETPING, 'version', data.message)] satisfies Rule<'warning'>,
};

/**
 * Emits the events one parsed frame carries (a `read` frame gives one patch per id). Returns false
 * for a malformed frame; a well-formed frame of a type Parley does not use emits nothing.
 */
export function fromFrame(frame: unknown, emit: Emit): boolean {
  const { type, data } = asRecord(frame);
  if (!isText(type) || !isObject(data)) return false;
  const rule = FRAMES[type];
  if (!rule) return true;
  const [eventName, read] = rule;
  const events = read(data);
  if (!events) return false;
  const fatal = eventName === 'warning' && data.canContinue === false;
  for (const event of [events].flat()) emit(fatal ? 'error' : eventName, event as never);
  return true;
}

/** The answer of `POST /connect` (quirk 5: `messages` is the OLDEST page). */
export interface ConnectAnswer {
  sessionId: string;
  /** Wire rows, read with `merge`. */
  messages: unknown;
  operatorOnline: boolean;
  welcomeMessage?: string;
}

export const readConnect = (answer: unknown): ConnectAnswer | undefined => {
  const fields = asRecord(answer);
  if (!isId(fields.sessionId)) return undefined;
  return { sessionId: fields.sessionId, messages: fields.messages, operatorOnline: fields.operatorOnline === true, welcomeMessage: optional(isText, fields.welcomeMessage) };
};

/** A page of `GET /messages`: its rows, and whether the server has more after them. */
export const readPage = (answer: unknown): { rows: unknown[]; hasMore: boolean } | undefined => {
  const fields = asRecord(answer);
  return Array.isArray(fields.messages) ? { rows: fields.messages, hasMore: fields.hasMore === true } : undefined;
};

/** The answer of `POST /message`: the stored message's id and server time. */
export const readSent = (answer: unknown): { id: string; createdAt: string } | undefined => {
  const fields = asRecord(answer);
  return isId(fields.messageId) && isId(fields.timestamp) ? { id: fields.messageId, createdAt: fields.timestamp } : undefined;
};

/** The answer of an edit route (`{ message: { content, editedAt } }`) as the patch of message `id`. */
export const readEdited = (id: string, answer: unknown): MessagePatch | false => edited(id, asRecord(asRecord(answer).message));

/** The answer of a delete route says it is deleted. */
export const readDeleted = (answer: unknown): boolean => asRecord(answer).deleted === true;
