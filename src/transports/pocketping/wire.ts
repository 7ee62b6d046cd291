/**
 * PocketPing wire shapes (sdk-node 1.1.0 `types.ts`, protocol sheet §4, §7) and their validated
 * mapping to Parley's types. Nothing from the wire is trusted: every field is checked, unknown
 * fields are ignored, and a value that does not fit makes the whole item `undefined` (dropped).
 */
import { ParleyError } from '../../core/errors';
import type { Attachment, Message, MessagePatch, Sender } from '../../core/types';
import type { TransportEventName, TransportEvents } from '../transport';

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

/** Longest text accepted from the wire: the protocol allows 4000; sdk-node enforces nothing (quirk 13). */
const MAX_TEXT = 16000;

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Short non-empty string (ids, timestamps, names). */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isTime = (v: unknown): v is string => isId(v) && !isNaN(Date.parse(v));

/** operator → agent, ai → bot, visitor → visitor. */
const sender = (s: unknown): Sender | undefined =>
  s === 'visitor' ? s : s === 'operator' ? 'agent' : s === 'ai' ? 'bot' : undefined;

const attachment = (v: unknown): Attachment | undefined => {
  if (!isObj(v) || !isId(v.id) || !isId(v.filename)) return;
  const a: Attachment = { id: v.id, name: v.filename };
  if (isId(v.mimeType)) a.mimeType = v.mimeType;
  if (typeof v.size === 'number' && v.size >= 0) a.size = v.size;
  // Only web links: a `javascript:` URL must never reach an href.
  if (typeof v.url === 'string' && /^https?:\/\//i.test(v.url)) a.url = v.url;
  return a;
};

/** A wire message as a Parley message; `undefined` when it does not fit. */
export function toMessage(v: unknown): Message | undefined {
  if (!isObj(v)) return;
  const from = sender(v.sender);
  const { id, content, timestamp } = v;
  if (!isId(id) || !isText(content) || !from || !isTime(timestamp)) return;
  const m: Message = { id, text: content, sender: from, createdAt: timestamp };
  const reply = isObj(v.replyTo) ? v.replyTo.id : v.replyTo;
  if (isId(reply)) m.replyTo = reply;
  if (v.status === 'sent' || v.status === 'delivered' || v.status === 'read') m.status = v.status;
  if (isTime(v.editedAt)) m.editedAt = v.editedAt;
  // Quirk 7: a soft-deleted message keeps its content on the server; never show it.
  if (v.deletedAt) {
    m.deleted = true;
    m.text = '';
  }
  if (Array.isArray(v.attachments)) {
    const list = v.attachments.map(attachment).filter((a): a is Attachment => !!a);
    if (list.length) m.attachments = list;
  }
  return m;
}

/** A wire message list; `onDrop` hears of each item that did not fit. */
export function toMessages(v: unknown, onDrop: () => void): Message[] {
  const out: Message[] = [];
  if (Array.isArray(v))
    for (const raw of v) {
      const m = toMessage(raw);
      if (m) out.push(m);
      else onDrop();
    }
  return out;
}

/**
 * Adds `rows` to `all`, de-duplicating by id (quirk 6: each `/read` appends a row again): the last
 * row wins, at the place of the first. Returns the last id this page added, the only safe paging
 * cursor: sdk-node resumes after the FIRST row with the `after` id, so a repeated id would rewind.
 */
export function merge(all: Map<string, Message>, rows: Message[]): string | undefined {
  let added: string | undefined;
  for (const m of rows) {
    if (!all.has(m.id)) added = m.id;
    all.set(m.id, m);
  }
  return added;
}

/**
 * Emits the events one parsed frame carries (a `read` frame gives one patch per id). Returns false
 * for a malformed frame; a well-formed frame of a type Parley does not use emits nothing.
 */
export function fromFrame(f: unknown, emit: Emit): boolean {
  if (!isObj(f) || !isObj(f.data) || typeof f.type !== 'string') return false;
  const d = f.data;
  const patch = (p: MessagePatch) => emit('patch', p);
  switch (f.type) {
    case 'message': {
      const m = toMessage(d);
      return !!m && (emit('message', m), true);
    }
    case 'typing': {
      const s = sender(d.sender);
      if (!s || typeof d.isTyping !== 'boolean') return false;
      // Quirk 10: the visitor's own typing comes back; it is not news.
      if (s !== 'visitor') emit('typing', { sender: s, typing: d.isTyping });
      return true;
    }
    case 'presence':
      return typeof d.online === 'boolean' && (emit('presence', { online: d.online }), true);
    case 'read': {
      const { status, messageIds: ids } = d;
      if ((status !== 'read' && status !== 'delivered') || !Array.isArray(ids) || !ids.every(isId)) return false;
      ids.forEach((id) => patch({ id, status }));
      return true;
    }
    case 'message_edited':
      return isId(d.messageId) && isText(d.content) && (patch({ id: d.messageId, text: d.content, editedAt: isTime(d.editedAt) ? d.editedAt : undefined }), true);
    case 'message_deleted':
      return isId(d.messageId) && (patch({ id: d.messageId, deleted: true, text: '' }), true);
    case 'event':
      return isId(d.name) && (emit('event', { name: d.name, data: d.data }), true);
    case 'csat_request':
      emit('csat', { requestedAt: isTime(d.requestedAt) ? d.requestedAt : undefined });
      return true;
    case 'version_warning':
      // canContinue false: the widget must stop (the stock widget disconnects).
      return isText(d.message) && (emit(d.canContinue === false ? 'error' : 'warning', new ParleyError('version', d.message || 'outdated widget')), true);
  }
  return true;
}
