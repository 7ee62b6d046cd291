/**
 * PocketPing wire shapes (sdk-node 1.1.0 `types.ts`, protocol sheet §4, §7) and their validated
 * mapping to Parley's types. Nothing from the wire is trusted: every field is checked, unknown
 * fields are ignored, and a value that does not fit makes the whole item `undefined` (dropped).
 * Optional fields that do not fit come out `undefined` (the core drops undefined keys).
 */
import { isObject } from '../../core/config';
import type { Attachment, Message, MessagePatch, Sender } from '../../core/types';
import { fault, isId as kitId, isTime as kitTime } from '../kit';
import type { TransportEventName, TransportEvents } from '../../core/transport';

/** kit's `isId` and `isTime`, held locally (one reference to the shared module instead of one per use). */
export const isId = kitId;
const isTime = kitTime;

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
export const P = 'pocketping';

export type Obj = Record<string, unknown>;
const isStr = (v: unknown): v is string => typeof v === 'string';
/** Longest text accepted from the wire: the protocol allows 4000; sdk-node enforces nothing (quirk 13). */
export const isText = (v: unknown): v is string => isStr(v) && v.length <= 16000;
/** Only web links: a `javascript:` URL must never reach an href. */
const isWeb = (v: unknown): v is string => isStr(v) && /^https?:\/\//i.test(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isSize = (v: unknown): v is number => typeof v === 'number' && v >= 0;
/** `v` when it passes `ok`, else `undefined`: the one shape of every optional field. */
export const opt = <T>(ok: (v: unknown) => v is T, v: unknown): T | undefined => (ok(v) ? v : undefined);

/** The statuses a read receipt sets. */
const isReceipt = (s: unknown): s is 'delivered' | 'read' => s === 'delivered' || s === 'read';

/** operator → agent, ai → bot, visitor → visitor. */
const sender = (s: unknown): Sender | undefined => (s === 'visitor' ? s : s === 'operator' ? 'agent' : s === 'ai' ? 'bot' : undefined);

/** One attachment as a list of zero or one (for `flatMap`). */
const attachment = (raw: unknown): Attachment[] => {
  const v: Obj = Object(raw);
  return isId(v.id) && isId(v.filename) ? [{ id: v.id, name: v.filename, mimeType: opt(isId, v.mimeType), size: opt(isSize, v.size), url: opt(isWeb, v.url) }] : [];
};

/** A wire message as a Parley message; `undefined` when it does not fit. */
export function toMessage(raw: unknown): Message | undefined {
  const v: Obj = Object(raw);
  const { id, content, timestamp, status: s } = v;
  const from = sender(v.sender);
  // Quirk 7: a soft-deleted message keeps its content on the server; never show it.
  const gone = !!v.deletedAt;
  // (One item or none become a list of that: each item is checked anyway.)
  const files = [v.attachments].flat().flatMap(attachment);
  if (isId(id) && isText(content) && from && isTime(timestamp))
    return {
      id,
      text: gone ? '' : content,
      sender: from,
      createdAt: timestamp,
      // A message id; the SaaS sends an object `{ id, content, sender, ... }`.
      replyTo: opt(isId, Object(v.replyTo).id ?? v.replyTo),
      status: s === 'sent' || isReceipt(s) ? s : undefined,
      editedAt: opt(isTime, v.editedAt),
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
    const m = toMessage(raw);
    if (!m) drop();
    else {
      if (!all.has(m.id)) added = m.id;
      all.set(m.id, m);
    }
  }
  return added;
}

/** The patch of an edit (the `message_edited` frame and the edit routes' answer). */
export const edited = (id: unknown, d: Obj): MessagePatch | false =>
  isId(id) && isText(d.content) && { id, text: d.content, editedAt: opt(isTime, d.editedAt) };
/** The patch of a delete. */
export const deleted = (id: string): MessagePatch => ({ id, deleted: true, text: '' });

/**
 * A frame type: the event it becomes, and its payload(s) from `data` (falsy: malformed). Entries are
 * plain tuples checked with `satisfies` (no helper in the bundle).
 */
type Rule<K extends TransportEventName = TransportEventName> = [K, (d: Obj) => TransportEvents[K] | TransportEvents[K][] | false | undefined];

/** Frame types Parley uses (null prototype: a `constructor` or `__proto__` type finds nothing). */
const FRAMES: Record<string, Rule> = {
  __proto__: null as never,
  message: ['message', toMessage] satisfies Rule<'message'>,
  typing: [
    'typing',
    (d) => {
      const s = sender(d.sender);
      // Quirk 10: the visitor's own typing comes back; it is not news.
      return !!s && isBool(d.isTyping) && (s === 'visitor' ? [] : { sender: s, typing: d.isTyping });
    },
  ] satisfies Rule<'typing'>,
  presence: ['presence', (d) => isBool(d.online) && { online: d.online }] satisfies Rule<'presence'>,
  read: [
    'patch',
    ({ status, messageIds: ids }) =>
      isReceipt(status) && Array.isArray(ids) && ids.every(isId) && ids.map((id) => ({ id, status })),
  ] satisfies Rule<'patch'>,
  message_edited: ['patch', (d) => edited(d.messageId, d)] satisfies Rule<'patch'>,
  message_deleted: ['patch', (d) => isId(d.messageId) && deleted(d.messageId)] satisfies Rule<'patch'>,
  event: ['event', (d) => isId(d.name) && { name: d.name, data: d.data }] satisfies Rule<'event'>,
  csat_request: ['csat', (d) => ({ requestedAt: opt(isTime, d.requestedAt) })] satisfies Rule<'csat'>,
  // canContinue false turns it into an `error` (the stock widget disconnects). sdk-node always says
  // something (and an `unsupported` widget already got a 426 at /connect): no text, no warning.
  version_warning: ['warning', (d) => isId(d.message) && fault(P, 'version', d.message)] satisfies Rule<'warning'>,
};

/**
 * Emits the events one parsed frame carries (a `read` frame gives one patch per id). Returns false
 * for a malformed frame; a well-formed frame of a type Parley does not use emits nothing.
 */
export function fromFrame(f: unknown, emit: Emit): boolean {
  const { type, data: d }: Obj = Object(f);
  if (!isStr(type) || !isObject(d)) return false;
  const r = FRAMES[type];
  const out = r && r[1](d);
  if (out) for (const e of [out].flat()) emit(r[0] === 'warning' && d.canContinue === false ? 'error' : r[0], e as never);
  return !r || !!out;
}
