/**
 * The agent side of the fake, in process (`server.agent.*`) and over HTTP under `/test/...` for the e2e
 * tests and the demo's operator console. Not part of the Genesys API.
 *
 * HTTP (JSON bodies, answers JSON; 404 unknown conversation, 409 not routed yet / ended / no agent):
 *   GET  /test/conversations                      summaries, newest last (with chatMessageCount, lastMessage)
 *   GET  /test/conversations/:id/messages         wire messages + senderName/senderRole
 *   POST /test/conversations/:id/join     {name}  an agent answers
 *   POST /test/conversations/:id/say      {text}  the current agent writes
 *   POST /test/conversations/:id/typing           the current agent types
 *   POST /test/conversations/:id/transfer {name}  hand over to another agent
 *   POST /test/conversations/:id/leave            agents leave, the guest stays
 *   POST /test/conversations/:id/end              the agent ends the chat
 *   POST /test/conversations/:id/expire           the guest's JWT now counts as expired
 *   POST /test/conversations/:id/mediarequest {types}
 *   POST /test/heartbeat {ms} · POST /test/drop {holdMs} · POST /test/ratelimit {n, retryAfterSec}
 */
import { ControlError, answerControl } from '../shared/control-api.js';

/**
 * @typedef {import('./conversations.js').Conversation} Conversation
 * @typedef {ReturnType<typeof import('./conversations.js').createConversations>} Convs
 */

export { ControlError };

/** @param {Convs} convs */
export function createAgent(convs) {
  /** @param {string} id */
  const conv = (id) => {
    const c = convs.all.get(id);
    if (!c) throw new ControlError(404, `unknown conversation ${id}`);
    try {
      return convs.usable(c);
    } catch (e) {
      throw new ControlError(409, /** @type {Error} */ (e).message);
    }
  };
  /** @param {Conversation} c */
  const current = (c) => {
    const a = convs.activeAgents(c).at(-1);
    if (!a) throw new ControlError(409, `no agent has joined conversation ${c.id}`);
    return a;
  };
  return {
    /**
     * @param {string} id
     * @param {{ name?: string, avatarImageUrl?: string }} [who]
     */
    join: (id, who = {}) => convs.memberInfo(convs.join(conv(id), who)),
    /**
     * @param {string} id
     * @param {string} text
     */
    say(id, text) {
      const c = conv(id);
      return convs.addMessage(c, current(c).id, text, 'standard');
    },
    /** @param {string} id */
    typing(id) {
      const c = conv(id);
      return convs.typing(c, current(c).id);
    },
    /**
     * @param {string} id
     * @param {string} toName
     */
    transfer: (id, toName) => convs.memberInfo(convs.transfer(conv(id), toName)),
    /** @param {string} id */
    leave: (id) => convs.leave(conv(id)),
    /** @param {string} id */
    end: (id) => convs.end(conv(id)),
    /**
     * @param {string} id
     * @param {string[]} [types]
     */
    requestMedia: (id, types = ['COBROWSE']) => convs.requestMedia(conv(id), types),
  };
}

/**
 * @param {Convs} convs
 * @param {Conversation} c
 */
export function summary(convs, c) {
  const guest = c.members.get(c.guestId);
  const chatMessages = c.messages.filter((m) => m.bodyType === 'standard');
  const last = chatMessages.at(-1);
  return {
    id: c.id,
    routed: c.routed,
    ended: c.ended,
    expired: c.expired,
    guest: guest && convs.memberInfo(guest),
    agents: convs.activeAgents(c).map(convs.memberInfo),
    messageCount: c.messages.length,
    /** Messages written by the guest or an agent (joins, leaves and notices left out). */
    chatMessageCount: chatMessages.length,
    /** The last of them, for a conversation list's preview. */
    lastMessage: last ? { body: last.body, timestamp: last.timestamp, senderName: c.members.get(last.sender.id)?.displayName } : null,
    sockets: c.sockets.size,
    attaches: c.attaches,
    clientFrames: c.clientFrames,
    /** What the guest sent as `memberAuthToken` on create (authenticated guests, §3). */
    memberAuthToken: c.memberAuthToken,
  };
}

/**
 * Messages as stored, with the sender's name and role added for operator views.
 * @param {Conversation} c
 */
export const messagesOf = (c) =>
  c.messages.map((m) => {
    const s = c.members.get(m.sender.id);
    return { ...m, senderName: s?.displayName, senderRole: s?.role };
  });

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {{ convs: Convs, agent: ReturnType<typeof createAgent>, server: { expireJwt(id: string): void,
 *   setHeartbeatInterval(ms: number): void, dropSockets(holdMs: number): void, rateLimitNext(n: number, sec: number): void } }} ctx
 */
export function handleControl(req, res, url, ctx) {
  const { agent, convs, server } = ctx;
  const get = (/** @type {string} */ cid) => {
    const c = convs.all.get(cid);
    if (!c) throw new ControlError(404, `unknown conversation ${cid}`);
    return c;
  };
  return answerControl(req, res, url, 64 * 1024, ({ body, id }) => ({
    'GET conversations': () => [...convs.all.values()].map((c) => summary(convs, c)),
    'GET conversations/:id/messages': () => messagesOf(get(id)),
    'POST conversations/:id/join': () => agent.join(id, { name: body.name, avatarImageUrl: body.avatarImageUrl }),
    'POST conversations/:id/say': () => agent.say(id, String(body.text ?? '')),
    'POST conversations/:id/typing': () => agent.typing(id),
    'POST conversations/:id/transfer': () => agent.transfer(id, String(body.name || 'Agent')),
    'POST conversations/:id/leave': () => agent.leave(id),
    'POST conversations/:id/end': () => agent.end(id),
    'POST conversations/:id/expire': () => server.expireJwt(get(id).id),
    'POST conversations/:id/mediarequest': () => agent.requestMedia(id, Array.isArray(body.types) ? body.types : undefined),
    'POST heartbeat': () => server.setHeartbeatInterval(Number(body.ms) || 0),
    'POST drop': () => server.dropSockets(Number(body.holdMs) || 0),
    'POST ratelimit': () => server.rateLimitNext(Number(body.n) || 1, Number(body.retryAfterSec) || 1),
  }));
}
