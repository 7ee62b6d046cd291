/**
 * Pingstreams wire data (Tiledesk format, protocol sheet `pingstreams.md` §3, §5, §6): request ids,
 * message documents and realtime frames, validated and mapped to the core's vocabulary.
 */
import type { Message } from '../../core/types';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';

/**
 * A request id as the official client and widget build it (§3.1):
 * `support-group-<projectId>-<uuid v4 without dashes>`.
 */
export function newRequestId(projectId: string): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  return `support-group-${projectId}-${Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('')}`;
}

/**
 * One message document → a core message, or undefined when malformed or not for the visitor
 * (agents' `private` notes). `me` is the visitor's user id: their messages are `visitor`.
 */
export function toMessage(raw: unknown, me: string): Message | undefined {
  if (!isObj(raw) || !str(raw._id) || !raw._id || !str(raw.createdAt) || isNaN(Date.parse(raw.createdAt))) return;
  const a = isObj(raw.attributes) ? raw.attributes : {};
  const sub = str(a.subtype) ? a.subtype : '';
  if (sub === 'private') return;
  const from = str(raw.sender) ? raw.sender : '';
  const m: Message = {
    id: raw._id,
    text: str(raw.text) ? raw.text : '',
    sender: from === me ? 'visitor' : from === 'system' || sub.startsWith('info') ? 'system' : from.startsWith('bot_') ? 'bot' : 'agent',
    createdAt: raw.createdAt,
  };
  if (str(raw.senderFullname)) m.senderName = raw.senderFullname;
  if (m.sender === 'visitor') m.status = 'sent';
  if (str(a.clientId)) m.clientId = a.clientId;
  // Images and files (§3.8): metadata.src, shown only when it is an http(s) URL.
  const md = raw.metadata;
  if (isObj(md) && str(md.src) && /^https?:/i.test(md.src))
    m.attachments = [{ id: m.id, name: str(md.name) ? md.name : m.text || 'file', url: md.src, mimeType: str(md.type) ? md.type : undefined }];
  return m;
}

/** A list of message documents → core messages, malformed ones dropped (`onDrop` logs them). */
export function toMessages(list: unknown[], me: string, onDrop: () => void): Message[] {
  const out: Message[] = [];
  for (const raw of list) {
    const m = toMessage(raw, me);
    m ? out.push(m) : onDrop();
  }
  return out;
}

/** A realtime frame (§5.3), reduced to what the visitor link needs. */
export type Frame =
  | { ping: true }
  | { topic: string; items: unknown[] };

/**
 * Parses a text frame. `publish` frames carry an array (snapshot) or one object (live push):
 * both become `items` (quirk 7). Anything else → undefined.
 */
export function parseFrame(v: unknown): Frame | undefined {
  if (!isObj(v) || !isObj(v.payload)) return;
  const p = v.payload;
  if (v.action === 'heartbeat') return isObj(p.message) && p.message.text === 'ping' ? { ping: true } : undefined;
  if (v.action !== 'publish' || !str(p.topic)) return;
  const items = Array.isArray(p.message) ? p.message : isObj(p.message) ? [p.message] : undefined;
  return items && { topic: p.topic, items };
}
