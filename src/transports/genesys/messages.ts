/**
 * Genesys messages as the visitor sees them. Messages carry only the sender's member id (quirks 2/3):
 * the member's role and name are looked up once per member; joins and leaves of agents become
 * system messages worded in the visitor's language by the widget (`notice`).
 */
import type { Message } from '../../core/types';
import { readMember, type WireMember, type WireMessage } from './wire';

/** Looks a member up by id (cached; a failed lookup is tried again next time). */
export type MemberLookup = (memberId: string) => Promise<WireMember>;

/** A member cache over `fetchMember` (ids are unique: no need to forget them between conversations). */
export function memberLookup(fetchMember: (memberId: string) => Promise<unknown>): MemberLookup {
  const members = new Map<string, Promise<WireMember>>();
  return (memberId) => {
    const known = members.get(memberId);
    if (known) return known;
    const found = fetchMember(memberId).then(readMember, () => {
      members.delete(memberId);
      // Unknown role: shown as an agent, without a name.
      return readMember(undefined);
    });
    members.set(memberId, found);
    return found;
  };
}

/** What the messages read so far tell: whether an agent has joined yet (a later join is a transfer). */
export interface ConversationMemory {
  agentJoined: boolean;
}

/** Who reads a message: the guest's member id, the member lookup, and what to do when the guest left. */
export interface Reader {
  guestId: string;
  lookup: MemberLookup;
  /** The guest's own leave: the conversation is over (§8.6). */
  onGuestLeft(): void;
}

/**
 * A WebChatMessage as the visitor sees it; `undefined` for what is not shown (own joins, bots
 * joining, media requests).
 */
export async function toVisitorMessage(wire: WireMessage, reader: Reader, memory: ConversationMemory): Promise<Message | undefined> {
  const { id, senderId, body, bodyType, timestamp: createdAt } = wire;
  const message: Message = { id, text: body, sender: 'system', createdAt };
  if (senderId == reader.guestId) {
    // Own echoes go to the core, which matches them to the send by id.
    if (bodyType == 'member-leave') reader.onGuestLeft();
    return bodyType == 'standard' ? { ...message, sender: 'visitor' } : undefined;
  }
  if (bodyType == 'notice') return message;
  const { sender, name } = await reader.lookup(senderId);
  if (bodyType == 'standard') return { ...message, sender, senderName: name };
  const joined = bodyType == 'member-join';
  if (sender != 'agent' || !(joined || bodyType == 'member-leave')) return undefined;
  // The widget words it in the visitor's language (`notice`); `text` is the English for other UIs.
  const agent = name || 'An agent';
  const transferred = joined && memory.agentJoined;
  memory.agentJoined ||= joined;
  return {
    ...message,
    notice: transferred ? 'transferred' : joined ? 'joined' : 'left',
    text: transferred ? 'Transferred to ' + agent : joined ? agent + ' joined the chat' : agent + ' left the chat',
    senderName: name,
  };
}
