/**
 * Genesys Cloud Web Messaging (Guest API) wire shapes and all their parsing
 * (protocols/genesys-webmessaging.md §2–§6): envelopes, session answers, structured messages as the
 * visitor sees them, history pages, and the error table. Nothing from the wire is trusted: every value
 * is read through kit.ts's guards; what does not fit is `undefined` (dropped by the caller with a debug line).
 */
import { ParleyError, type ErrorCode } from '../../core/errors';
import type { Attachment, Message, MessageButton } from '../../core/types';
import { asRecord, isId, isText, isTime, optional, type WireRecord } from '../kit';

/** The backend's name (error messages start with it). */
export const GENESYS_MESSAGING = 'genesys-messaging';

/** The tracingId of keep-alive echoes (the mobile SDK's fixed one): their replies are never shown (§2.8). */
export const ECHO_TRACING_ID = 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=';

/** A guest token or tracingId: a uuid v4 (`crypto.randomUUID` where the page is secure, else built from random bytes). */
export function newUuid(): string {
  if (typeof crypto.randomUUID == 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What resumes the conversation after a reload (the core stores it): the guest token (§2.2). */
export type MessagingSession = { token: string };

export function readStoredSession(value: unknown): MessagingSession | undefined {
  const token = asRecord(value).token;
  return isId(token) ? { token } : undefined;
}

/** One server envelope (§2.1): route on `class`; `code` 200 is success. */
export interface Envelope {
  className: string;
  code: number;
  body: unknown;
  tracingId?: string;
}

export function readEnvelope(frame: unknown): Envelope | undefined {
  const fields = asRecord(frame);
  if (!isText(fields.class) || typeof fields.code != 'number') return undefined;
  return { className: fields.class, code: fields.code, body: fields.body, tracingId: optional(isId, fields.tracingId) };
}

/** The fields of a `SessionResponse` Parley uses (§2.2). */
export interface SessionAnswer {
  connected: boolean;
  newSession: boolean;
  readOnly: boolean;
  /** The custom-attribute budget in UTF-8 bytes (default 2048, the documented value). */
  maxCustomDataBytes: number;
}

export function readSessionAnswer(body: unknown): SessionAnswer | undefined {
  const fields = asRecord(body);
  if (typeof fields.connected != 'boolean') return undefined;
  const budget = fields.maxCustomDataBytes;
  return {
    connected: fields.connected,
    // Only `connected` is required; a missing `newSession` is taken as new (nothing to load).
    newSession: fields.newSession !== false,
    readOnly: fields.readOnly === true,
    maxCustomDataBytes: typeof budget == 'number' && budget >= 0 ? budget : 2048,
  };
}

/** `JwtResponse` (§2.10): the history JWT and its expiry (epoch seconds). */
export function readJwt(body: unknown): { jwt: string; expiresAtMs: number } | undefined {
  const fields = asRecord(body);
  if (!isText(fields.jwt) || !fields.jwt) return undefined;
  return { jwt: fields.jwt, expiresAtMs: typeof fields.exp == 'number' ? fields.exp * 1000 : Number.MAX_SAFE_INTEGER };
}

/**
 * Error frames (§3.4) → ParleyError codes. 4006/4007 (expired, not found) end the conversation: a new
 * one starts with a new token. 5xx and unknown codes are retried.
 */
const ERROR_CODES: Record<number, ErrorCode> = {
  400: 'protocol',
  401: 'auth',
  403: 'forbidden',
  409: 'ended',
  429: 'rate_limited',
  4000: 'unsupported',
  4001: 'validation',
  4002: 'validation',
  4003: 'validation',
  4004: 'validation',
  4005: 'validation',
  4006: 'ended',
  4007: 'ended',
  4008: 'validation',
  4009: 'validation',
  4010: 'validation',
  4011: 'validation',
  4013: 'validation',
  4017: 'auth',
  4020: 'protocol',
  4029: 'rate_limited',
};

/** The codes after which the session is gone: a new token is needed (§2.7). */
export const SESSION_GONE = [4006, 4007];

/** An error envelope as a ParleyError: `rate_limited` carries `retryAfter` (seconds) as `retryAfterMs`. */
export function toError(envelope: Envelope): ParleyError {
  const body = asRecord(envelope.body);
  const innerCode = typeof body.errorCode == 'number' ? body.errorCode : undefined;
  const known = ERROR_CODES[envelope.code] ?? (innerCode === undefined ? undefined : ERROR_CODES[innerCode]);
  const said = isText(envelope.body) ? envelope.body : isText(body.errorMessage) ? body.errorMessage : '';
  const retryAfter = typeof body.retryAfter == 'number' ? body.retryAfter * 1000 : undefined;
  const code = known ?? 'http';
  const message = `${GENESYS_MESSAGING}: ${envelope.code}` + (said ? ': ' + said.slice(0, 200) : '');
  // `status` keeps the wire code (4013, 4006…). Rate limits and server errors are retried; a code the table does not know is final.
  const retryable = code == 'rate_limited' || (code == 'http' && envelope.code >= 500 && envelope.code < 600);
  return new ParleyError(code, message, { status: envelope.code, retryAfterMs: retryAfter, retryable });
}

/** A wire text with the http(s) URL check every link and attachment goes through. */
export const httpUrl = (value: unknown): string | undefined => (isText(value) && /^https?:\/\//i.test(value) ? value : undefined);

/** A quick reply, a card action or its default action as a button; `undefined` when it does not fit. */
function toButton(raw: unknown, replyKind: 'reply' | 'action'): MessageButton | undefined {
  const fields = asRecord(raw);
  const label = fields.text ?? fields.title;
  if (!isId(label)) return undefined;
  if (fields.type == 'Link') {
    const url = httpUrl(fields.url);
    return url ? { kind: 'link', label, url } : undefined;
  }
  return { kind: replyKind, label, value: isText(fields.payload) ? fields.payload : label };
}

/** What a message's `content` shows: card texts, buttons (quick replies, card actions) and attachments (§4). */
function readContent(content: unknown): { lines: string[]; buttons: MessageButton[]; attachments: Attachment[] } {
  const lines: string[] = [];
  const buttons: MessageButton[] = [];
  const attachments: Attachment[] = [];
  const addCard = (raw: unknown) => {
    const card = asRecord(raw);
    for (const line of [card.title, card.description]) if (isText(line) && line) lines.push(line);
    const actions = Array.isArray(card.actions) ? card.actions : [];
    for (const action of [card.defaultAction, ...actions]) {
      const button = action ? toButton(action, 'action') : undefined;
      if (button) buttons.push(button);
    }
  };
  for (const raw of Array.isArray(content) ? content : []) {
    const item = asRecord(raw);
    if (item.contentType == 'QuickReply') {
      const button = toButton(item.quickReply, 'reply');
      if (button) buttons.push(button);
    } else if (item.contentType == 'ButtonResponse' && asRecord(item.buttonResponse).type == 'QuickReply') {
      const button = toButton(item.buttonResponse, 'reply');
      if (button) buttons.push(button);
    } else if (item.contentType == 'Card') addCard(item.card);
    else if (item.contentType == 'Carousel') {
      const cards = asRecord(item.carousel).cards;
      for (const card of Array.isArray(cards) ? cards : []) addCard(card);
    } else if (item.contentType == 'Attachment') {
      const attachment = asRecord(item.attachment);
      const url = httpUrl(attachment.url);
      if (isId(attachment.id) && url) {
        const name = isId(attachment.filename) ? attachment.filename : isId(attachment.fileName) ? attachment.fileName : 'file';
        // Unknown type and size as core/types.ts documents them: application/octet-stream, 0 bytes.
        const size = typeof attachment.fileSize == 'number' && attachment.fileSize >= 0 ? attachment.fileSize : 0;
        attachments.push({ id: attachment.id, name, url, type: optional(isText, attachment.mime) ?? 'application/octet-stream', size });
      }
    }
    // Date pickers, list pickers and unknown content types are left out (§4: tolerated, not shown).
  }
  return { lines, buttons, attachments };
}

/** What one `StructuredMessage` body means to the visitor. */
export type Incoming =
  | { kind: 'message'; message: Message; readOnly: boolean }
  | { kind: 'typing'; typing: boolean; durationMs: number; name?: string; sender: 'agent' | 'bot' }
  | { kind: 'ignored' };

/**
 * A `StructuredMessage` body (live or from history) for the visitor: a message (texts, structured
 * content, presence notices), agent typing, or nothing to show. `now` stands in for a missing
 * `channel.time`. `undefined`: malformed.
 */
export function readStructured(raw: unknown, now: string): Incoming | undefined {
  const body = asRecord(raw);
  const { id, type, direction } = body;
  if (!isId(id) || !isText(type)) return undefined;
  const channel = asRecord(body.channel);
  const from = asRecord(channel.from);
  const createdAt = isTime(channel.time) ? channel.time : now;
  const outbound = direction == 'Outbound';
  const senderName = optional(isId, from.nickname) ?? (isId(from.firstName) ? [from.firstName, from.lastName].filter(isId).join(' ') : undefined);
  const sender = body.originatingEntity == 'Bot' ? 'bot' : 'agent';
  if (type == 'Event') return readEvent(body, outbound, { id, createdAt, senderName, sender });
  const { lines, buttons, attachments } = readContent(body.content);
  const text = [isText(body.text) ? body.text : '', ...lines].filter(Boolean).join('\n');
  if (!text && !attachments.length) return { kind: 'ignored' };
  const message: Message = {
    id,
    text,
    sender: outbound ? sender : 'visitor',
    createdAt,
    senderName: outbound ? senderName : undefined,
    // The agent's picture (`channel.from.image`, §4); only an http(s) URL is ever shown.
    senderAvatar: outbound ? httpUrl(from.image) : undefined,
    status: outbound ? undefined : 'sent',
    buttons: outbound && buttons.length ? buttons : undefined,
    attachments: attachments.length ? attachments : undefined,
  };
  return { kind: 'message', message, readOnly: false };
}

/** Events (§4): agent typing, presence Join / Disconnect (notices); the guest's own events are not shown. */
function readEvent(body: WireRecord, outbound: boolean, about: { id: string; createdAt: string; senderName?: string; sender: 'agent' | 'bot' }): Incoming {
  if (!outbound) return { kind: 'ignored' };
  const events = Array.isArray(body.events) ? body.events.map(asRecord) : [];
  for (const event of events) {
    if (event.eventType == 'Typing') {
      const typing = asRecord(event.typing);
      const duration = typing.duration;
      return { kind: 'typing', typing: typing.type != 'Off', durationMs: typeof duration == 'number' && duration > 0 ? duration : 5000, name: about.senderName, sender: about.sender };
    }
    const presence = asRecord(event.presence).type;
    if (event.eventType == 'Presence' && (presence == 'Join' || presence == 'Disconnect')) {
      const joined = presence == 'Join';
      const who = about.senderName || 'An agent';
      const message: Message = {
        id: about.id,
        text: joined ? who + ' joined the chat' : who + ' left the chat',
        sender: 'system',
        createdAt: about.createdAt,
        senderName: about.senderName,
        notice: joined ? 'joined' : 'left',
      };
      return { kind: 'message', message, readOnly: !joined && asRecord(body.metadata).readOnly == 'true' };
    }
  }
  return { kind: 'ignored' };
}

/** A history page (§6): its entities, newest first, and whether later pages exist. */
export function readHistoryPage(answer: unknown): { entities: unknown[]; last: boolean } | undefined {
  const fields = asRecord(answer);
  if (!Array.isArray(fields.entities)) return undefined;
  const { pageNumber, pageCount } = fields;
  const last = !fields.entities.length || (typeof pageNumber == 'number' && typeof pageCount == 'number' && pageNumber >= pageCount);
  return { entities: fields.entities, last };
}

/** The id of a history entity (paging finds its cursor by id). */
export const entityId = (raw: unknown): string | undefined => optional(isId, asRecord(raw).id);
