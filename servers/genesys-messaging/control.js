/**
 * The agent side of the fake over HTTP under `/test/...`, for tests and the demo's operator console.
 * Not part of the Genesys API. `:id` is a session id or a guest token (its current session).
 *
 * JSON bodies, JSON answers; 404 unknown session, 409 closed / disconnected / expired / no agent yet:
 *   GET  /test/sessions                              summaries, oldest first (custom attributes, last message)
 *   GET  /test/sessions/:id/messages                 stored messages, oldest first (what history serves)
 *   POST /test/sessions/:id/join        {nickname, image?, firstName?, lastName?}
 *   POST /test/sessions/:id/typing      {bot?}
 *   POST /test/sessions/:id/say         {text, bot?}
 *   POST /test/sessions/:id/quickreplies {text, replies: [{text, payload?}], bot?}
 *   POST /test/sessions/:id/cards       {text?, cards: [{title, description?, image?, defaultAction?, actions?}], bot?}
 *   POST /test/sessions/:id/attachment  {fileName, fileType, base64, text?}
 *   POST /test/sessions/:id/disconnect                 Presence Disconnect; read-only when the deployment says so
 *   POST /test/sessions/:id/expire                     SessionExpiredEvent now
 *   POST /test/sessions/:id/expirejwt                  its JWTs now answer 401 on history
 *   POST /test/sessions/:id/expireissuedjwts           the JWTs issued so far answer 401; fresh ones work
 *   POST /test/sessions/:id/chaos       {kind: reorder | duplicate | drop | failupload | refuseput}
 *   POST /test/ratelimit {maxMessages, windowSec} · POST /test/settings {…DeploymentSettings} · POST /test/drop {holdMs}
 */
import { isObj } from '../genesys/http-util.js';
import { ControlError, answerControl } from '../shared/control-api.js';

const CHAOS_KINDS = ['reorder', 'duplicate', 'drop', 'failupload', 'refuseput'];

/**
 * @typedef {import('./sessions.js').Session} Session
 * @typedef {import('./index.js').ServerContext} ServerContext
 */

/**
 * @param {ServerContext} ctx
 * @param {Session} session
 */
export function summary(ctx, session) {
  const chatMessages = session.messages.filter((message) => message.type !== 'Event');
  const last = chatMessages.at(-1);
  return {
    id: session.id,
    token: session.token,
    deploymentId: session.deploymentId,
    createdAt: session.createdAt,
    expirationDate: Math.floor(session.expiresAtMs / 1000),
    expired: ctx.sessions.isExpired(session),
    readOnly: session.readOnly,
    disconnected: session.disconnected,
    closed: session.closed,
    sockets: session.sockets.size,
    agent: session.agent ?? null,
    customAttributes: { ...session.customAttributes },
    /** Uploads asked for and not deleted (pending, uploaded or failed). */
    attachments: session.attachments.size,
    /** The authenticated user (configureAuthenticatedSession), null for a guest. */
    user: session.user ?? null,
    /** JWTs handed out by `getJwt`. */
    jwtsIssued: session.issuedJwts.length + session.expiredJwts.size,
    /** Text and Structured messages from both sides (events left out). */
    messageCount: chatMessages.length,
    /** The last of them, for a session list's preview. */
    lastMessage: last ? { text: last.text ?? '', direction: last.direction, time: last.channel.time, nickname: last.channel.from?.nickname } : null,
  };
}

/** @param {unknown} value @param {string} what */
const requireString = (value, what) => {
  if (typeof value !== 'string' || !value) throw new ControlError(400, `${what} must be a non-empty string`);
  return value;
};

/** @param {unknown} value @param {string} what */
const requireList = (value, what) => {
  if (!Array.isArray(value) || !value.length || !value.every(isObj)) throw new ControlError(400, `${what} must be a non-empty list of objects`);
  return value;
};

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ServerContext & { agent: import('./agent.js').Agent, chaos(id: string, kind: string): void,
 *   configure(patch: object): void, dropSockets(holdMs: number): void }} ctx
 */
export function handleControl(req, res, url, ctx) {
  const { agent } = ctx;
  return answerControl(req, res, url, 16 * 1024 * 1024, ({ body, id }) => {
    const asBot = body.bot === true;
    return {
      'GET sessions': () => [...ctx.sessions.all.values()].map((session) => summary(ctx, session)),
      'GET sessions/:id/messages': () => agent.find(id).messages,
      'POST sessions/:id/join': () => agent.join(id, { nickname: body.nickname, image: body.image, firstName: body.firstName, lastName: body.lastName }),
      'POST sessions/:id/typing': () => agent.typing(id, asBot),
      'POST sessions/:id/say': () => agent.say(id, requireString(body.text, 'text'), asBot),
      'POST sessions/:id/quickreplies': () =>
        agent.quickReplies(id, requireString(body.text, 'text'), requireList(body.replies, 'replies').map((reply) => ({ text: requireString(reply.text, 'replies[].text'), payload: reply.payload })), asBot),
      'POST sessions/:id/cards': () => agent.cards(id, typeof body.text === 'string' ? body.text : undefined, requireList(body.cards, 'cards'), asBot),
      'POST sessions/:id/attachment': () =>
        agent.attachment(id, {
          fileName: requireString(body.fileName, 'fileName'),
          fileType: requireString(body.fileType, 'fileType'),
          bytes: Buffer.from(requireString(body.base64, 'base64'), 'base64'),
          text: typeof body.text === 'string' ? body.text : undefined,
        }),
      'POST sessions/:id/disconnect': () => agent.disconnect(id),
      'POST sessions/:id/expire': () => agent.expire(id),
      'POST sessions/:id/expirejwt': () => agent.expireJwt(id),
      'POST sessions/:id/expireissuedjwts': () => agent.expireIssuedJwts(id),
      'POST sessions/:id/chaos': () => {
        if (!CHAOS_KINDS.includes(body.kind)) throw new ControlError(400, `kind must be one of ${CHAOS_KINDS.join(', ')}`);
        ctx.chaos(id, body.kind);
      },
      'POST ratelimit': () => ctx.setRateLimit(Number(body.maxMessages) || Infinity, Number(body.windowSec) || 10),
      'POST settings': () => ctx.configure(body),
      'POST drop': () => ctx.dropSockets(Number(body.holdMs) || 0),
    };
  });
}
