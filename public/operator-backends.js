// The demo operator console's view of each backend, through each local server's agent-side control API
// (PocketPing's `/test/*`; Genesys's, Genesys Web Messaging's and Pingstreams's, forwarded by the demo server under `/ops/<backend>/*`).
// Every adapter speaks the same shapes, so operator.js never asks which backend it is on:
//   Conversation { id, name, preview, connected, updatedAt, messageCount, joined, ended, details: string[] }
//   Message      { id, text, from: 'visitor' | 'agent' | 'system', author, at, note? }
// and offers list(), messages(id), say(conversation, text, agentName), typing?(conversation, isTyping) and
// actions: the agent's buttons, each shown only while `shownWhen(conversation)` holds.

/** JSON over fetch; a non-2xx answer rejects with the server's own error text. */
export async function callApi(path, body) {
  const init = body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {};
  const response = await fetch(path, init);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((answer && (answer.error || answer.message || answer.msg)) || `HTTP ${response.status}`);
  return answer;
}

/** A name for a visitor who gave none: the generic name plus the start of an id, so rows can be told apart. */
const anonymous = (genericName, id) => `${genericName} ${String(id).slice(0, 6)}`;

const pocketping = {
  defaultAgentName: '',
  async list() {
    const { sessions } = await callApi('/test/sessions');
    return sessions.map((session) => {
      const identity = session.identity || {};
      const metadata = session.metadata || {};
      return {
        id: session.id,
        name: identity.name || identity.email || identity.id || anonymous('Visitor', session.visitorId),
        preview: session.lastMessage ? session.lastMessage.content : '',
        connected: session.connected > 0,
        updatedAt: session.lastActivity,
        messageCount: session.messageCount,
        joined: true,
        ended: false,
        details: [identity.email, metadata.url, metadata.browser && `${metadata.browser} on ${metadata.os}`, session.connected ? 'connected' : 'not connected'],
      };
    });
  },
  async messages(conversation) {
    const { messages } = await callApi(`/test/messages?sessionId=${encodeURIComponent(conversation.id)}`);
    return messages.map((message) => ({
      id: message.id,
      text: message.deletedAt ? '(deleted)' : message.content,
      from: message.sender === 'visitor' ? 'visitor' : 'agent',
      author: message.sender,
      at: message.timestamp,
      note: (message.editedAt ? ' · edited' : '') + (message.readAt ? ' · read' : ''),
    }));
  },
  say: (conversation, text) => callApi('/test/operator-say', { sessionId: conversation.id, content: text }),
  typing: (conversation, isTyping) => callApi('/test/operator-typing', { sessionId: conversation.id, isTyping }),
  actions: [],
};

const GENESYS = '/ops/genesys/conversations';
/** GET `<conversation>/<action>` without a body, POST with one. */
const genesysCall = (conversation, action, body) => callApi(`${GENESYS}/${encodeURIComponent(conversation.id)}/${action}`, body);
const genesysText = (message, author) => {
  if (message.bodyType === 'member-join') return `${author} joined`;
  if (message.bodyType === 'member-leave') return `${author} left`;
  if (message.bodyType === 'standard' || message.bodyType === 'notice') return message.body;
  return message.bodyType;
};

const genesys = {
  defaultAgentName: 'Alex',
  async list() {
    const conversations = await callApi(GENESYS);
    return conversations.map((conversation, index) => {
      const guest = conversation.guest || {};
      const agents = conversation.agents.map((agent) => agent.displayName);
      const last = conversation.lastMessage;
      const state = conversation.ended ? 'ended' : conversation.routed ? 'routed' : 'not routed yet';
      return {
        id: conversation.id,
        name: guest.displayName && guest.displayName !== 'Guest' ? guest.displayName : anonymous('Guest', conversation.id),
        preview: last ? last.body : '',
        connected: !conversation.ended && conversation.sockets > 0,
        // The server lists the newest last; conversations without a message yet keep that order.
        updatedAt: last ? last.timestamp : index,
        messageCount: conversation.chatMessageCount,
        joined: agents.length > 0,
        ended: conversation.ended,
        details: [guest.email, state, agents.length ? `with ${agents.join(', ')}` : 'no agent', `${conversation.chatMessageCount} messages`],
      };
    });
  },
  async messages(conversation) {
    const messages = await genesysCall(conversation, 'messages');
    return messages.map((message) => {
      const author = message.senderName || message.senderRole || '?';
      const from = message.bodyType !== 'standard' ? 'system' : message.senderRole === 'CUSTOMER' ? 'visitor' : 'agent';
      return { id: message.id, author, at: message.timestamp, from, text: genesysText(message, author) };
    });
  },
  // An agent must be in the chat to write: the console joins first when nobody has.
  async say(conversation, text, agentName) {
    if (!conversation.joined) await genesysCall(conversation, 'join', { name: agentName });
    return genesysCall(conversation, 'say', { text });
  },
  // Genesys has no "stopped typing": only starts are sent, and only by an agent in the chat.
  typing: async (conversation, isTyping) => (isTyping && conversation.joined ? genesysCall(conversation, 'typing', {}) : undefined),
  actions: [
    { label: 'Join', shownWhen: (conversation) => !conversation.ended && !conversation.joined, run: (conversation, agentName) => genesysCall(conversation, 'join', { name: agentName }) },
    {
      label: 'Transfer to…',
      shownWhen: (conversation) => !conversation.ended && conversation.joined,
      run: async (conversation) => {
        const toAgent = prompt('Transfer to which agent?', 'Sam');
        if (toAgent) await genesysCall(conversation, 'transfer', { name: toAgent });
      },
    },
    { label: 'Leave', shownWhen: (conversation) => !conversation.ended && conversation.joined, run: (conversation) => genesysCall(conversation, 'leave', {}) },
    { label: 'End chat', shownWhen: (conversation) => !conversation.ended, run: (conversation) => genesysCall(conversation, 'end', {}) },
  ],
};

const PINGSTREAMS = '/ops/pingstreams/requests';
/** GET `<request>/<action>` without a body, POST with one. */
const pingstreamsCall = (conversation, action, body) => callApi(`${PINGSTREAMS}/${encodeURIComponent(conversation.id)}/${action}`, body);
const CLOSED = 1000;

const pingstreams = {
  defaultAgentName: 'Ada',
  async list() {
    const requests = await callApi(PINGSTREAMS);
    return requests.map((request) => {
      const lead = request.lead || {};
      const last = (request.attributes && request.attributes.last_message) || {};
      const closed = request.status >= CLOSED;
      return {
        id: request.request_id,
        name: lead.fullname || anonymous('Guest', request.request_id),
        preview: last.text || request.first_text || '',
        connected: !closed,
        updatedAt: request.updatedAt,
        // A request is created by the visitor's first message.
        messageCount: 1,
        joined: request.participantsAgents.length > 0,
        ended: closed,
        visitorUserId: request.createdBy,
        details: [lead.email, request.sourcePage, closed ? 'closed' : 'open', `#${request.ticket_id}`],
      };
    });
  },
  async messages(conversation) {
    const messages = await pingstreamsCall(conversation, 'messages');
    return messages.map((message) => {
      const subtype = (message.attributes && message.attributes.subtype) || '';
      const isInfo = message.sender === 'system' || subtype.startsWith('info');
      const from = isInfo ? 'system' : message.sender === conversation.visitorUserId ? 'visitor' : 'agent';
      return { id: message._id, text: message.text, author: message.senderFullname, at: message.createdAt, from };
    });
  },
  say: (conversation, text, agentName) => pingstreamsCall(conversation, 'say', { text, name: agentName }),
  actions: [
    { label: 'Join', shownWhen: (conversation) => !conversation.ended && !conversation.joined, run: (conversation, agentName) => pingstreamsCall(conversation, 'join', { name: agentName }) },
    { label: 'Close conversation', shownWhen: (conversation) => !conversation.ended, run: (conversation) => pingstreamsCall(conversation, 'close', {}) },
  ],
};

const MESSAGING = '/ops/genesys-messaging/sessions';
/** GET `<session>/<action>` without a body, POST with one. */
const messagingCall = (conversation, action, body) => callApi(`${MESSAGING}/${encodeURIComponent(conversation.id)}/${action}`, body);
/** What a stored Web Messaging message says: its text, a presence event, or its quick replies. */
const messagingText = (message, author) => {
  const presence = (message.events || []).map((event) => event.presence && event.presence.type).find(Boolean);
  if (presence === 'Join') return `${author} joined`;
  if (presence === 'Disconnect') return `${author} disconnected the conversation`;
  const replies = (message.content || []).filter((item) => item.quickReply).map((item) => item.quickReply.text);
  return [message.text || '', replies.length ? `[${replies.join(' | ')}]` : ''].filter(Boolean).join(' ') || message.type;
};

const genesysMessaging = {
  defaultAgentName: 'Sam',
  async list() {
    const sessions = await callApi(MESSAGING);
    return sessions.map((session, index) => {
      const attributes = session.customAttributes || {};
      const last = session.lastMessage;
      const ended = session.closed || session.disconnected || session.expired;
      const state = session.closed ? 'closed' : session.readOnly ? 'read-only' : session.disconnected ? 'disconnected' : session.expired ? 'expired' : 'open';
      return {
        id: session.id,
        name: attributes.name || attributes.email || anonymous('Guest', session.token),
        preview: last ? last.text : '',
        connected: !ended && session.sockets > 0,
        updatedAt: last ? last.time : index,
        messageCount: session.messageCount,
        joined: !!session.agent,
        ended,
        details: [attributes.email, state, session.agent ? `with ${session.agent.nickname}` : 'no agent', `${session.messageCount} messages`],
      };
    });
  },
  async messages(conversation) {
    const messages = await messagingCall(conversation, 'messages');
    return messages.map((message) => {
      const inbound = message.direction === 'Inbound';
      const author = inbound ? 'visitor' : (message.channel.from && message.channel.from.nickname) || message.originatingEntity;
      const from = message.type === 'Event' ? 'system' : inbound ? 'visitor' : 'agent';
      return { id: message.id, author, at: message.channel.time, from, text: messagingText(message, author) };
    });
  },
  // An agent must be in the conversation to write: the console joins first when nobody has.
  async say(conversation, text, agentName) {
    if (!conversation.joined) await messagingCall(conversation, 'join', { nickname: agentName });
    return messagingCall(conversation, 'say', { text });
  },
  typing: async (conversation, isTyping) => (isTyping && conversation.joined ? messagingCall(conversation, 'typing', {}) : undefined),
  actions: [
    { label: 'Join', shownWhen: (conversation) => !conversation.ended && !conversation.joined, run: (conversation, agentName) => messagingCall(conversation, 'join', { nickname: agentName }) },
    {
      label: 'Quick replies…',
      shownWhen: (conversation) => !conversation.ended && conversation.joined,
      run: async (conversation) => {
        const answers = prompt('Quick replies, separated by commas', 'Yes, No');
        const replies = (answers || '').split(',').map((text) => text.trim()).filter(Boolean).map((text) => ({ text }));
        if (replies.length) await messagingCall(conversation, 'quickreplies', { text: 'Please choose', replies });
      },
    },
    { label: 'Disconnect', shownWhen: (conversation) => !conversation.ended, run: (conversation) => messagingCall(conversation, 'disconnect', {}) },
  ],
};

/** The console's backends by the name in `?backend=`. */
export const BACKENDS = { pocketping, genesys, pingstreams, 'genesys-messaging': genesysMessaging };
