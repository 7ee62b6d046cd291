/**
 * The guest-chat conversations of the fake: members, messages, routing and the event-stream frames
 * each change produces (protocols/genesys.md §5, §7, §8). No HTTP here: rest.js and stream.js call in.
 */
import { randomUUID } from 'node:crypto';

/**
 * @typedef {{ id: string, role: 'AGENT'|'CUSTOMER'|'WORKFLOW'|'ACD', state: 'ALERTING'|'CONNECTED'|'DISCONNECTED',
 *   joinDate: string, leaveDate?: string, displayName?: string, firstName?: string, lastName?: string, email?: string,
 *   phoneNumber?: string, avatarImageUrl?: string, customFields?: Record<string,string>, authenticatedGuest?: boolean }} Member
 * @typedef {{ id: string, conversation: { id: string, selfUri: string }, sender: { id: string }, body: string,
 *   bodyType: string, timestamp: string, selfUri: string }} Msg
 * @typedef {{ id: string, types: string[], state: string, communicationId?: string, securityKey?: string, selfUri: string }} MediaRequest
 * @typedef {{ id: string, organizationId: string, deploymentId: string, routingTarget: unknown, guestId: string,
 *   jwt: string, expired: boolean, routed: boolean, ended: boolean, members: Map<string, Member>, messages: Msg[],
 *   mediaRequests: MediaRequest[], sockets: Set<import('ws').WebSocket>, timers: Set<NodeJS.Timeout>,
 *   attaches: number, clientFrames: number, memberAuthToken?: string }} Conversation
 */

export const BASE = '/api/v2/webchat/guest/conversations';

/** Keeps only defined fields (the real API omits unset ones). */
const clean = (/** @type {Record<string, unknown>} */ o) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/**
 * @param {{ now: () => number, autoAgent?: { name: string, delayMs?: number, greeting?: string } }} opts
 */
export function createConversations(opts) {
  /** @type {Map<string, Conversation>} */
  const all = new Map();
  const iso = () => new Date(opts.now()).toISOString();

  /**
   * Sends one frame to every open socket of the conversation.
   * @param {Conversation} conv
   * @param {object} f
   */
  function broadcast(conv, f) {
    const data = JSON.stringify(f);
    for (const ws of conv.sockets) if (ws.readyState === 1) ws.send(data);
  }

  /**
   * @param {Conversation} conv
   * @param {'messages' | 'members'} topic
   * @param {string} type
   * @param {object} eventBody
   */
  const frame = (conv, topic, type, eventBody) =>
    broadcast(conv, {
      topicName: `v2.conversations.chats.${conv.id}.${topic}`,
      version: '2',
      eventBody,
      metadata: { CorrelationId: randomUUID(), type },
    });

  /**
   * Stores a message and streams it (the guest's own included: Genesys echoes them).
   * @param {Conversation} conv
   * @param {string} senderId
   * @param {string} body
   * @param {string} bodyType
   */
  function addMessage(conv, senderId, body, bodyType) {
    const id = randomUUID();
    /** @type {Msg} */
    const msg = {
      id,
      conversation: { id: conv.id, selfUri: `/api/v2/conversations/${conv.id}` },
      sender: { id: senderId },
      body,
      bodyType,
      timestamp: iso(),
      selfUri: `${BASE}/${conv.id}/messages/${id}`,
    };
    conv.messages.push(msg);
    frame(conv, 'messages', 'message', {
      id,
      conversation: { id: conv.id },
      sender: { id: senderId },
      body,
      bodyType,
      timestamp: msg.timestamp,
    });
    return msg;
  }

  /**
   * @param {Conversation} conv
   * @param {Member} m
   * @param {Member['state']} state
   */
  function setState(conv, m, state) {
    m.state = state;
    if (state === 'DISCONNECTED') m.leaveDate = iso();
    frame(conv, 'members', 'member-change', { conversation: { id: conv.id }, member: { id: m.id, state }, timestamp: iso() });
  }

  /**
   * @param {Conversation} conv
   * @param {Omit<Member, 'id' | 'joinDate' | 'state'>} info
   */
  function addMember(conv, info) {
    /** @type {Member} */
    const m = { id: randomUUID(), state: 'ALERTING', joinDate: iso(), ...info };
    conv.members.set(m.id, m);
    return m;
  }

  /** @param {Conversation} conv */
  const activeAgents = (conv) => [...conv.members.values()].filter((m) => m.role === 'AGENT' && m.state !== 'DISCONNECTED');

  /** @param {Conversation} conv */
  function usable(conv) {
    if (conv.ended) throw new Error(`conversation ${conv.id} has ended`);
    if (!conv.routed) throw new Error(`conversation ${conv.id} is not routed yet (no event stream attached)`);
    return conv;
  }

  /**
   * An agent answers: ALERTING → CONNECTED, a `member-join` message; the ACD placeholder leaves.
   * @param {Conversation} conv
   * @param {{ name?: string, avatarImageUrl?: string }} who
   */
  function join(conv, who = {}) {
    usable(conv);
    const agent = addMember(conv, { role: 'AGENT', displayName: who.name || 'Agent', avatarImageUrl: who.avatarImageUrl });
    setState(conv, agent, 'ALERTING');
    setState(conv, agent, 'CONNECTED');
    addMessage(conv, agent.id, '', 'member-join');
    for (const m of conv.members.values()) if (m.role === 'ACD' && m.state !== 'DISCONNECTED') setState(conv, m, 'DISCONNECTED');
    return agent;
  }

  /**
   * Every agent leaves (`member-leave` + DISCONNECTED); the guest stays CONNECTED (§8.5).
   * @param {Conversation} conv
   */
  function leave(conv) {
    usable(conv);
    for (const a of activeAgents(conv)) {
      setState(conv, a, 'DISCONNECTED');
      addMessage(conv, a.id, '', 'member-leave');
    }
  }

  /**
   * Ends the conversation: the others leave, then the guest's own member goes DISCONNECTED (§8.6).
   * @param {Conversation} conv
   * @param {boolean} byGuest the guest left (DELETE member): its own leave comes first
   */
  function end(conv, byGuest = false) {
    if (conv.ended) return;
    const guest = /** @type {Member} */ (conv.members.get(conv.guestId));
    const guestLeaves = () => {
      setState(conv, guest, 'DISCONNECTED');
      addMessage(conv, guest.id, '', 'member-leave');
    };
    if (byGuest) guestLeaves();
    for (const m of conv.members.values()) {
      if (m === guest || m.state === 'DISCONNECTED') continue;
      setState(conv, m, 'DISCONNECTED');
      if (m.role === 'AGENT') addMessage(conv, m.id, '', 'member-leave');
    }
    if (!byGuest) guestLeaves();
    conv.ended = true;
    for (const t of conv.timers) clearTimeout(t);
  }

  return {
    all,
    broadcast,
    /**
     * @param {{ organizationId: string, deploymentId: string, routingTarget: unknown, memberInfo: Record<string, unknown>, memberAuthToken?: string }} req
     * @param {(conv: string, sub: string) => string} sign
     */
    create(req, sign) {
      const id = randomUUID();
      const info = /** @type {Record<string, any>} */ (req.memberInfo);
      /** @type {Conversation} */
      const conv = {
        id,
        organizationId: req.organizationId,
        deploymentId: req.deploymentId,
        routingTarget: req.routingTarget,
        guestId: '',
        jwt: '',
        expired: false,
        routed: false,
        ended: false,
        members: new Map(),
        messages: [],
        mediaRequests: [],
        sockets: new Set(),
        timers: new Set(),
        attaches: 0,
        clientFrames: 0,
        memberAuthToken: req.memberAuthToken,
      };
      const guest = addMember(conv, {
        role: 'CUSTOMER',
        displayName: info.displayName,
        firstName: info.firstName,
        lastName: info.lastName,
        email: info.email,
        phoneNumber: info.phoneNumber,
        avatarImageUrl: info.avatarImageUrl,
        customFields: info.customFields,
        authenticatedGuest: !!req.memberAuthToken,
      });
      conv.guestId = guest.id;
      conv.jwt = sign(id, guest.id);
      all.set(id, conv);
      return conv;
    },
    /**
     * The first attached event stream routes the conversation (§4: "not routed until the event stream is attached").
     * @param {Conversation} conv
     */
    route(conv) {
      if (conv.routed || conv.ended) return;
      conv.routed = true;
      const guest = /** @type {Member} */ (conv.members.get(conv.guestId));
      setState(conv, guest, 'CONNECTED');
      addMessage(conv, guest.id, '', 'member-join');
      const acd = addMember(conv, { role: 'ACD', displayName: 'Queue' });
      setState(conv, acd, 'CONNECTED');
      const auto = opts.autoAgent;
      if (auto) {
        const t = setTimeout(() => {
          conv.timers.delete(t);
          if (conv.ended) return;
          const a = join(conv, { name: auto.name });
          if (auto.greeting) addMessage(conv, a.id, auto.greeting, 'standard');
        }, auto.delayMs ?? 500);
        conv.timers.add(t);
      }
    },
    addMessage,
    /**
     * @param {Conversation} conv
     * @param {string} senderId
     */
    typing(conv, senderId) {
      const body = { id: randomUUID(), conversation: { id: conv.id }, sender: { id: senderId }, timestamp: iso() };
      frame(conv, 'messages', 'typing-indicator', body);
      return { ...body, conversation: { id: conv.id, selfUri: `/api/v2/conversations/${conv.id}` } };
    },
    /** @param {Member} m */
    memberInfo: (m) => clean({ ...m }),
    activeAgents,
    usable,
    join,
    leave,
    /**
     * The current agent hands over to another one (§8.5).
     * @param {Conversation} conv
     * @param {string} name
     */
    transfer(conv, name) {
      leave(conv);
      return join(conv, { name });
    },
    end,
    /**
     * @param {Conversation} conv
     * @param {string[]} types
     */
    requestMedia(conv, types) {
      const id = randomUUID();
      /** @type {MediaRequest} */
      const req = { id, types, state: 'PENDING', securityKey: randomUUID(), selfUri: `${BASE}/${conv.id}/mediarequests/${id}` };
      conv.mediaRequests.push(req);
      const agent = activeAgents(conv)[0];
      addMessage(conv, agent ? agent.id : conv.guestId, '', 'media-request');
      return req;
    },
  };
}
