/**
 * Genesys guest-chat wire shapes (protocols/genesys.md §5, §7) and all their parsing. Nothing from
 * the wire is trusted: every value is read through kit.ts's guards; what does not fit is `undefined`
 * (dropped by the caller with a debug line).
 */
import type { Sender } from '../../core/types';
import { asRecord, isId, isText, isTime } from '../kit';

export { isId } from '../kit';

/** The backend's name (error messages start with it). */
export const GENESYS = 'genesys';

/**
 * What resumes a conversation after a reload (the core stores it as the SessionRef): the create
 * response's fields Parley uses (§5). The ONE place the JWT is kept (`eventStreamUri` embeds it too).
 */
export type GenesysSession = {
  /** Conversation id. */
  id: string;
  /** The guest's member. */
  member: { id: string };
  jwt: string;
  eventStreamUri: string;
};

/** A create response (or a stored session) as a session; `undefined` when it does not fit. */
export function readSession(value: unknown): GenesysSession | undefined {
  const fields = asRecord(value);
  const memberId = asRecord(fields.member).id;
  const { id, jwt, eventStreamUri } = fields;
  if (!(isId(id) && isId(memberId) && isText(jwt) && jwt > '' && isText(eventStreamUri) && /^wss?:\/\//.test(eventStreamUri))) return undefined;
  return { id, member: { id: memberId }, jwt, eventStreamUri };
}

/** A WebChatMessage (stored or streamed): quirk 2, `sender` carries only the member id. */
export interface WireMessage {
  id: string;
  senderId: string;
  body: string;
  /** `standard`, `notice`, `member-join`, `member-leave`, … */
  bodyType: unknown;
  timestamp: string;
}

export function readMessage(value: unknown): WireMessage | undefined {
  const fields = asRecord(value);
  const senderId = asRecord(fields.sender).id;
  const { id, body, bodyType, timestamp } = fields;
  if (!(isId(id) && isId(senderId) && isText(body) && isTime(timestamp))) return undefined;
  return { id, senderId, body, bodyType, timestamp };
}

/** A page of `GET …/messages`: its raw entities (each read with `readMessage`). */
export const readMessagePage = (value: unknown): unknown[] | undefined => {
  const entities = asRecord(value).entities;
  return Array.isArray(entities) ? entities : undefined;
};

/** A member of the conversation: who the visitor sees, and whether they are still in the chat. */
export interface WireMember {
  sender: Sender;
  name?: string;
  state?: unknown;
}

/** AGENT → agent, WORKFLOW/ACD → bot, CUSTOMER → visitor; unknown (lookup failed) → agent. */
export const role = (wireRole: unknown): Sender => (wireRole == 'WORKFLOW' || wireRole == 'ACD' ? 'bot' : wireRole == 'CUSTOMER' ? 'visitor' : 'agent');

export function readMember(value: unknown): WireMember {
  const fields = asRecord(value);
  return { sender: role(fields.role), name: isId(fields.displayName) ? fields.displayName : undefined, state: fields.state };
}

/** What one event-stream frame (§7.2) says. Heartbeats, other topics and unknown types are `other`. */
export type StreamEvent =
  | { kind: 'member-disconnected'; memberId: string }
  | { kind: 'message'; message: unknown }
  | { kind: 'typing'; senderId: string }
  | { kind: 'other' };

/** A parsed frame of conversation `conversationId`'s stream; `undefined` when it has no event body. */
export function readStreamFrame(frame: unknown, conversationId: string): StreamEvent | undefined {
  const fields = asRecord(frame);
  if (!fields.eventBody) return undefined;
  const body = asRecord(fields.eventBody);
  // Member changes carry id and state only (quirk 3).
  const member = asRecord(body.member);
  if (isId(member.id) && member.state == 'DISCONNECTED') return { kind: 'member-disconnected', memberId: member.id };
  const topic = fields.topicName;
  const type = isText(topic) && topic.endsWith(conversationId + '.messages') ? asRecord(fields.metadata).type : undefined;
  if (type == 'message') return { kind: 'message', message: body };
  const senderId = asRecord(body.sender).id;
  if (type == 'typing-indicator' && isId(senderId)) return { kind: 'typing', senderId };
  return { kind: 'other' };
}
