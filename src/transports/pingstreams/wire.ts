/**
 * Pingstreams wire data (Tiledesk format, protocol sheet `pingstreams.md` §2, §3, §5, §6): request
 * ids, sign-in answers, message documents and realtime frames, validated and mapped to the core's
 * vocabulary. Nothing from the wire is trusted: every value is read through kit.ts's guards.
 */
import type { Attachment, Message } from '../../core/types';
import { asRecord, isId, isText, isTime, optional } from '../kit';
import { readAction, readButtons } from './buttons';

/** The backend's name (error messages start with it). */
export const PINGSTREAMS = 'pingstreams';

/**
 * 32 random hex digits of a uuid v4 (dashes dropped): `crypto.randomUUID()`, which browsers offer
 * only on secure pages (https, localhost); elsewhere the same uuid v4 built from
 * `crypto.getRandomValues` (RFC 9562 §5.4: version nibble 4, variant bits 10).
 */
function randomUuidHex(): string {
  if (typeof crypto.randomUUID == 'function') return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A request id as the official client and widget build it (§3.1):
 * `support-group-<projectId>-<uuid v4 without dashes>`. Crypto-random: the message list of a
 * request is readable by anyone who knows its id (§3.3).
 */
export const newRequestId = (projectId: string): string => `support-group-${projectId}-${randomUuidHex()}`;

/** `{ token, user: { _id } }` from the three sign-in routes (§2). */
export function readSignIn(answer: unknown): { token: string; userId: string } | undefined {
  const fields = asRecord(answer);
  const userId = asRecord(fields.user)._id;
  return isId(userId) && isText(fields.token) && fields.token ? { token: fields.token, userId } : undefined;
}

/** What a reload resumes: the request, its user, and the anonymous guest's token. */
export type PingstreamsSession = { requestId?: string; userId?: string; token?: string };

export function readStoredSession(session: unknown): PingstreamsSession {
  const fields = asRecord(session);
  return { requestId: optional(isId, fields.requestId), userId: optional(isId, fields.userId), token: optional(isText, fields.token) };
}

/** The answer of a posted message: its id and server time. */
export function readSent(answer: unknown): { id: string; createdAt: string } | undefined {
  const fields = asRecord(answer);
  return isId(fields._id) && isText(fields.createdAt) && fields.createdAt ? { id: fields._id, createdAt: fields.createdAt } : undefined;
}

/**
 * One message document → a core message, or undefined when malformed or not for the visitor
 * (agents' `private` notes). `visitorId` is the visitor's user id: their messages are `visitor`.
 * Texts of any length are kept; fields the document lacks stay `undefined` (the core drops them).
 */
export function toMessage(raw: unknown, visitorId: string, echoes = new Map<string, boolean>()): Message | undefined {
  const doc = asRecord(raw);
  const attributes = asRecord(doc.attributes);
  const metadata = asRecord(doc.metadata);
  const { _id: id, createdAt, sender } = doc;
  const subtype = isText(attributes.subtype) ? attributes.subtype : '';
  if (!isId(id) || !isTime(createdAt) || subtype == 'private') return undefined;
  const text = isText(doc.text) ? doc.text : '';
  const fromVisitor = sender === visitorId;
  const system = sender == 'system' || subtype.startsWith('info');
  const bot = isText(sender) && sender.startsWith('bot_');
  // Images and files (§3.8): metadata.src, shown only when it is an http(s) URL.
  const url = isText(metadata.src) && /^https?:/i.test(metadata.src) ? metadata.src : undefined;
  return {
    id,
    text,
    sender: fromVisitor ? 'visitor' : system ? 'system' : bot ? 'bot' : 'agent',
    createdAt,
    senderName: optional(isText, doc.senderFullname),
    status: fromVisitor ? 'sent' : undefined,
    clientId: optional(isText, attributes.clientId),
    attachments: url ? [fileOf(id, doc.type, metadata, url, text)] : undefined,
    // Bot buttons, and the visitor's own action messages (./buttons.ts).
    ...(fromVisitor ? readAction(attributes) : { buttons: readButtons(attributes, echoes) }),
  };
}

/** The attachment of an image or file message (§3.8): `metadata {name, src, type, size}`. */
function fileOf(id: string, messageType: unknown, metadata: Record<string, unknown>, url: string, text: string): Attachment {
  const type = isText(metadata.type) && metadata.type ? metadata.type : messageType === 'image' ? 'image/*' : 'application/octet-stream';
  const size = typeof metadata.size === 'number' && metadata.size >= 0 ? metadata.size : 0;
  const uid = isText(metadata.uid) && metadata.uid ? metadata.uid : id;
  return { id: uid, name: isText(metadata.name) && metadata.name ? metadata.name : text || 'file', type, size, url };
}

/** A list of message documents → core messages, malformed ones dropped (`onDrop` logs them). */
export const toMessages = (list: unknown[], visitorId: string, onDrop: () => void, echoes?: Map<string, boolean>): Message[] =>
  list.flatMap((raw) => {
    const message = toMessage(raw, visitorId, echoes);
    if (!message) onDrop();
    return message ? [message] : [];
  });

/** What one realtime frame (§5) says about the request whose topic is `topic`. */
export type RealtimeEvent =
  | { kind: 'heartbeat' }
  /** The request document: its status (≥ 1000: closed) and whether it was rated. */
  | { kind: 'request'; closed: boolean; rated: boolean }
  /** Messages of the request: a snapshot carries an array, a live push one object (quirk 7). */
  | { kind: 'messages'; items: unknown[] }
  | { kind: 'other' };

export function readRealtimeFrame(frame: unknown, topic: string): RealtimeEvent {
  const fields = asRecord(frame);
  if (fields.action == 'heartbeat') return { kind: 'heartbeat' };
  const payload = asRecord(fields.payload);
  const items: unknown[] = Array.isArray(payload.message) ? payload.message : [payload.message];
  if (payload.topic == topic + '/messages') return { kind: 'messages', items };
  if (payload.topic != topic) return { kind: 'other' };
  const request = asRecord(items[0]);
  return { kind: 'request', closed: typeof request.status == 'number' && request.status >= 1000, rated: request.rating != null };
}
