/**
 * The agent and bot side of the fake (§4, §2.4, §2.7): what the control API and the scripted bot make
 * the server push. Every push is stored for history except typing.
 */
import { ControlError } from '../shared/control-api.js';
import { attachmentContent, storedAttachment } from './attachments.js';
import { defined, envelope, outboundBody, presenceEvents, typingEvents } from './frames.js';

export { ControlError };

/**
 * @typedef {import('./sessions.js').Session} Session
 * @typedef {import('./frames.js').Participant} Participant
 * @typedef {{ text: string, payload?: string }} QuickReply
 * @typedef {{ nickname: string, greeting: string, delayMs?: number }} BotScript a bot that greets each new conversation
 */

/**
 * @param {import('./index.js').ServerContext} ctx
 * @param {BotScript} [bot]
 */
export function createAgent(ctx, bot) {
  /** @param {string} idOrToken a session id, or a token (its current session) */
  function find(idOrToken) {
    const session = ctx.sessions.all.get(idOrToken) ?? ctx.sessions.byToken.get(idOrToken);
    if (!session) throw new ControlError(404, `unknown session ${idOrToken}`);
    return session;
  }
  /** @param {string} idOrToken */
  function open(idOrToken) {
    const session = find(idOrToken);
    if (session.closed) throw new ControlError(409, `session ${session.id} was closed or cleared`);
    if (session.disconnected) throw new ControlError(409, `session ${session.id} was disconnected`);
    if (ctx.sessions.isExpired(session)) throw new ControlError(409, `session ${session.id} has expired`);
    return session;
  }
  /**
   * @param {Session} session
   * @param {boolean} [asBot]
   * @returns {{ from: Participant, bot: boolean }}
   */
  function sender(session, asBot) {
    if (asBot) return { from: { nickname: bot?.nickname ?? 'Bot' }, bot: true };
    if (!session.agent) throw new ControlError(409, `no agent has joined session ${session.id}`);
    return { from: session.agent, bot: false };
  }
  /**
   * @param {Session} session
   * @param {Parameters<typeof outboundBody>[0]} fields
   * @param {{ store?: boolean }} [how]
   */
  function deliver(session, fields, how = {}) {
    const body = outboundBody(fields, ctx.sessions.iso());
    if (how.store !== false) session.messages.push(body);
    ctx.sessions.push(session, envelope('message', 'StructuredMessage', body));
    return body;
  }

  const agent = {
    find,
    /**
     * An agent joins: an Outbound Presence Join (whether Genesys sends one is not confirmed [U]).
     * @param {string} id
     * @param {Participant} [who]
     */
    join(id, who = {}) {
      const session = open(id);
      session.agent = /** @type {Participant} */ (defined({ nickname: who.nickname ?? 'Agent', image: who.image, firstName: who.firstName, lastName: who.lastName }));
      return deliver(session, { type: 'Event', events: presenceEvents('Join'), from: session.agent });
    },
    /**
     * @param {string} id
     * @param {boolean} [asBot]
     */
    typing(id, asBot) {
      const session = open(id);
      return deliver(session, { type: 'Event', events: typingEvents('On', 5000), ...sender(session, asBot) }, { store: false });
    },
    /**
     * @param {string} id
     * @param {string} text
     * @param {boolean} [asBot]
     */
    say(id, text, asBot) {
      const session = open(id);
      return deliver(session, { type: 'Text', text, ...sender(session, asBot) });
    },
    /**
     * @param {string} id
     * @param {string} text
     * @param {QuickReply[]} replies
     * @param {boolean} [asBot]
     */
    quickReplies(id, text, replies, asBot) {
      const session = open(id);
      const content = replies.map((reply) => ({ contentType: 'QuickReply', quickReply: { text: reply.text, payload: reply.payload ?? reply.text, action: 'Message' } }));
      return deliver(session, { type: 'Structured', text, content, ...sender(session, asBot) });
    },
    /**
     * One card as `Card`, several as a `Carousel` (§4).
     * @param {string} id
     * @param {string | undefined} text
     * @param {object[]} cards
     * @param {boolean} [asBot]
     */
    cards(id, text, cards, asBot) {
      const session = open(id);
      const content = cards.length === 1 ? [{ contentType: 'Card', card: cards[0] }] : [{ contentType: 'Carousel', carousel: { cards } }];
      return deliver(session, { type: 'Structured', text, content, ...sender(session, asBot) });
    },
    /**
     * @param {string} id
     * @param {{ fileName: string, fileType: string, bytes: Buffer, text?: string }} file
     */
    attachment(id, file) {
      const session = open(id);
      const attachment = storedAttachment(session, file);
      return deliver(session, { type: 'Text', text: file.text ?? '', content: [attachmentContent(ctx, attachment)], ...sender(session) });
    },
    /**
     * The agent ends the conversation (§2.4): read-only when the deployment's disconnect type is ReadOnly.
     * @param {string} id
     */
    disconnect(id) {
      const session = open(id);
      const readOnly = ctx.settings.disconnectType === 'ReadOnly';
      const from = session.agent ?? { nickname: bot?.nickname ?? 'Agent' };
      const body = deliver(session, { type: 'Event', events: presenceEvents('Disconnect'), metadata: readOnly ? { readOnly: 'true' } : undefined, from, bot: !session.agent });
      session.disconnected = true;
      session.readOnly = readOnly;
      session.agent = undefined;
      return body;
    },
    /**
     * The session expires now: `SessionExpiredEvent` to its sockets (§2.7).
     * @param {string} id
     */
    expire(id) {
      const session = find(id);
      session.expired = true;
      ctx.sessions.push(session, envelope('message', 'SessionExpiredEvent', {}));
    },
    /** @param {string} id from now on the JWTs of this session count as expired (REST 401) */
    expireJwt(id) {
      find(id).jwtRevoked = true;
    },
    /** @param {string} id the JWTs issued so far expire (REST 401); a fresh `getJwt` gets one that works */
    expireIssuedJwts(id) {
      const session = find(id);
      for (const jwt of session.issuedJwts.splice(0)) session.expiredJwts.add(jwt);
    },
    /**
     * The scripted bot greets a conversation once, after its first message or autostart Join.
     * @param {Session} session
     */
    greet(session) {
      if (!bot || session.greeted) return;
      session.greeted = true;
      const delayMs = bot.delayMs ?? 800;
      // The conversation may have ended meanwhile: then the bot stays quiet.
      const stillOpen = () => !session.closed && !session.disconnected && !ctx.sessions.isExpired(session);
      ctx.sessions.later(session, delayMs / 2, () => {
        if (stillOpen()) agent.typing(session.id, true);
      });
      ctx.sessions.later(session, delayMs, () => {
        if (stillOpen()) agent.say(session.id, bot.greeting, true);
      });
    },
  };
  return agent;
}

/** @typedef {ReturnType<typeof createAgent>} Agent */
