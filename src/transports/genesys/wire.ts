/**
 * Genesys guest-chat wire shapes (protocols/genesys.md §5, §7) and their validation. Nothing from the
 * wire is trusted: a value that does not fit makes the whole item `undefined` (dropped).
 * Quirks 2/3: `sender` and `member` carry only `id`; names and roles come from GET member.
 */
import type { Sender } from '../../core/types';
import { parseJson } from '../http';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Short non-empty string (ids, timestamps, names, states). */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const idOf = (v: unknown) => (isObj(v) && isId(v.id) ? v.id : undefined);

/** A stored or streamed WebChatMessage, flattened. */
export interface WireMessage {
  id: string;
  /** Sender member id. */
  from: string;
  body: string;
  /** `standard`, `notice`, `member-join`, `member-leave`, `media-request`. */
  type: string;
  /** ISO-8601. */
  at: string;
}

/** A WebChatMemberInfo, as far as Parley uses it. `role` and `state` are only ever compared with constants. */
export interface WireMember {
  name?: string;
  role?: unknown;
  state?: unknown;
}

/** What an event-stream frame means to Parley: a message (or notice), someone typing, a member's new state. */
export type Frame = { t: 'message'; m: WireMessage } | { t: 'typing'; from: string } | { t: 'member'; id: string; state: string };

/** A WebChatMessage; `undefined` when it does not fit. Bodies are at most 4,000 characters (§10); allow slack. */
export function toWire(v: unknown): WireMessage | undefined {
  if (!isObj(v)) return;
  const { id, body, bodyType, timestamp } = v;
  const from = idOf(v.sender);
  if (isId(id) && from && typeof body === 'string' && body.length <= 16000 && isId(bodyType) && isId(timestamp) && Date.parse(timestamp) > 0)
    return { id, from, body, type: bodyType, at: timestamp };
}

/** AGENT → agent, WORKFLOW/ACD → bot, CUSTOMER → visitor; unknown (lookup failed) → agent. */
export const role = (r: unknown): Sender => (r === 'WORKFLOW' || r === 'ACD' ? 'bot' : r === 'CUSTOMER' ? 'visitor' : 'agent');

/** A WebChatMemberInfo. */
export const toMember = (v: unknown): WireMember =>
  isObj(v) ? { name: isId(v.displayName) ? v.displayName : undefined, role: v.role, state: v.state } : {};

/**
 * One event-stream frame of this conversation. `null`: well-formed but nothing for Parley (heartbeat,
 * another topic, another type). `undefined`: malformed.
 */
export function toFrame(data: unknown, conversationId: string): Frame | null | undefined {
  let f: unknown;
  try {
    f = parseJson(String(data));
  } catch {
    return;
  }
  if (!isObj(f) || !isObj(f.eventBody)) return;
  const b = f.eventBody;
  const type = isObj(f.metadata) && f.metadata.type;
  const topic = 'v2.conversations.chats.' + conversationId;
  if (f.topicName === topic + '.messages') {
    if (type === 'message') {
      const m = toWire(b);
      return m && { t: 'message', m };
    }
    if (type === 'typing-indicator') {
      const from = idOf(b.sender);
      return from ? { t: 'typing', from } : undefined;
    }
  }
  if (f.topicName === topic + '.members' && type === 'member-change') {
    const id = idOf(b.member);
    const state = isObj(b.member) && b.member.state;
    return id && isId(state) ? { t: 'member', id, state } : undefined;
  }
  return null;
}
