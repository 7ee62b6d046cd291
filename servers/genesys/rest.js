/**
 * The guest-chat REST API under `/api/v2/webchat/guest/conversations` (protocols/genesys.md §4–§6, §11).
 */
import { BASE } from './conversations.js';
import { decode, isObj, readBody, sendError, sendJson } from './http-util.js';

/**
 * @typedef {import('./conversations.js').Conversation} Conversation
 * @typedef {{ method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string }} RecordedRequest
 * @typedef {{
 *   convs: ReturnType<typeof import('./conversations.js').createConversations>,
 *   issuer: ReturnType<typeof import('./jwt.js').createJwtIssuer>,
 *   now: () => number, ttlSec: number, queues?: string[], wsBase: () => string,
 *   rateLimit: { n: number, retryAfterSec: number }, requests: RecordedRequest[],
 *   memberAuth?: (token: string | undefined) => boolean,
 * }} RestContext
 */

const BODY_TYPES = ['standard', 'notice', 'member-join', 'member-leave', 'media-request'];
const MEDIA_STATES = ['PENDING', 'ACCEPTED', 'DECLINED', 'TIMEDOUT', 'CANCELLED', 'ERRORED'];

/** The SDK sends unset query options as empty values (§11 quirk 9): `""` means absent. */
const q = (/** @type {URLSearchParams} */ p, /** @type {string} */ k) => p.get(k) || undefined;

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {RestContext} ctx
 */
export async function handleRest(req, res, url, ctx) {
  const method = req.method || 'GET';
  const raw = await readBody(req, 64 * 1024);
  ctx.requests.push({ method, url: req.url || '', headers: { ...req.headers }, body: raw ?? '' });
  if (ctx.requests.length > 500) ctx.requests.shift();

  if (ctx.rateLimit.n > 0) {
    ctx.rateLimit.n--;
    const s = ctx.rateLimit.retryAfterSec;
    return sendError(res, 429, 'too.many.requests.retry.after', `Retry the request in [${s}] seconds`, {
      headers: { 'retry-after': String(s) },
      limit: { key: 'requests.per.conversation', namespace: 'webchat', value: 1 },
    });
  }
  if (raw === undefined) return sendError(res, 413, 'request.entity.too.large', 'Maximum bytes: 65536');

  /** @type {unknown} */
  let body;
  if (raw !== '') {
    if (!/application\/json/i.test(req.headers['content-type'] || '')) return sendError(res, 415, 'unsupported.media.type', 'Use application/json');
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'bad.request', 'The request body is not valid JSON');
    }
  }

  const rest = url.pathname.slice(BASE.length);
  const seg = rest.split('/').filter(Boolean).map(decode);
  if ((rest !== '' && !rest.startsWith('/')) || seg.length > 4) return sendError(res, 404, 'not.found', 'Not found');

  if (seg.length === 0) {
    if (method !== 'POST') return sendError(res, 404, 'not.found', 'Not found');
    return create(res, body, ctx);
  }

  // Everything else needs the guest JWT (§3).
  const auth = authorize(req, seg[0], ctx);
  if ('error' in auth) return sendError(res, auth.status, auth.error, auth.message);
  const { conv, sub } = auth;
  if (conv.ended) return stateError(res);

  const [, a, b, c] = seg;
  const key = `${method} ${[a, b && '*', c].filter(Boolean).join('/')}`;
  switch (key) {
    case 'POST members/*/messages':
    case 'POST members/*/typing': {
      const err = guestOnly(conv, b, sub);
      if (err) return sendError(res, err[0], err[1], err[2]);
      if (!conv.routed) return stateError(res);
      if (c === 'typing') return sendJson(res, 200, ctx.convs.typing(conv, sub));
      if (!isObj(body) || typeof (/** @type {any} */ (body).body) !== 'string')
        return sendError(res, 400, 'chat.error.notnull.createconversationmessagerequest.body', 'body may not be null');
      const { body: text, bodyType = 'standard' } = /** @type {{ body: string, bodyType?: unknown }} */ (body);
      if (text.length > 4000) return sendError(res, 400, 'constraint.validation', 'Message bodies are limited to 4,000 characters');
      if (typeof bodyType !== 'string' || !BODY_TYPES.includes(bodyType)) return sendError(res, 400, 'invalid.value', 'Invalid bodyType');
      return sendJson(res, 200, ctx.convs.addMessage(conv, sub, text, bodyType));
    }
    case 'GET messages':
      return listMessages(res, url.searchParams, conv);
    case 'GET messages/*': {
      const m = conv.messages.find((x) => x.id === b);
      return m ? sendJson(res, 200, m) : sendError(res, 404, 'chat.error.not.found', 'Message not found');
    }
    case 'GET members':
      return listMembers(res, url.searchParams, conv, ctx);
    case 'GET members/*': {
      const m = b && conv.members.get(b);
      return m ? sendJson(res, 200, ctx.convs.memberInfo(m)) : sendError(res, 404, 'chat.error.not.found', 'Member not found');
    }
    case 'DELETE members/*': {
      const err = guestOnly(conv, b, sub);
      if (err) return sendError(res, err[0], err[1], err[2]);
      ctx.convs.end(conv, true);
      return sendJson(res, 204);
    }
    case 'GET mediarequests':
      return sendJson(res, 200, { entities: conv.mediaRequests });
    case 'GET mediarequests/*':
    case 'PATCH mediarequests/*': {
      const r = conv.mediaRequests.find((x) => x.id === b);
      if (!r) return sendError(res, 404, 'chat.error.not.found', 'Media request not found');
      if (method === 'PATCH') {
        const state = isObj(body) ? /** @type {any} */ (body).state : undefined;
        if (!MEDIA_STATES.includes(state)) return sendError(res, 400, 'invalid.value', 'Invalid state');
        if (r.state !== 'PENDING') return stateError(res);
        r.state = state;
      }
      return sendJson(res, 200, r);
    }
    default:
      return sendError(res, 404, 'not.found', 'Not found');
  }
}

/** @param {import('node:http').ServerResponse} res */
const stateError = (res) =>
  sendError(res, 400, 'chat.error.conversation.state', 'The conversation is in a state which does not permit this action.');

/**
 * The guest may act only as itself.
 * @param {Conversation} conv
 * @param {string | undefined} memberId
 * @param {string} sub
 * @returns {[number, string, string] | undefined}
 */
function guestOnly(conv, memberId, sub) {
  if (!memberId || !conv.members.has(memberId)) return [404, 'chat.error.not.found', 'Member not found'];
  if (memberId !== sub) return [403, 'not.authorized', 'You may act only as your own member'];
  return undefined;
}

/**
 * `Authorization: Bearer <jwt>`, scheme case-insensitive (§3). `[REDACTED]` (the SDK header bug, §12.3) fails.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} convId
 * @param {RestContext} ctx
 * @returns {{ conv: Conversation, sub: string } | { status: number, error: string, message: string }}
 */
function authorize(req, convId, ctx) {
  const header = req.headers.authorization;
  if (!header) return { status: 401, error: 'authentication.required', message: 'No authentication bearer token specified in authorization header.' };
  const m = /^bearer\s+(\S+)$/i.exec(header);
  const claims = m ? ctx.issuer.verify(m[1]) : undefined;
  if (!claims) return { status: 401, error: 'bad.credentials', message: 'Invalid login credentials.' };
  const conv = ctx.convs.all.get(claims.data.conv);
  if (!conv) return { status: 401, error: 'bad.credentials', message: 'Invalid login credentials.' };
  if (conv.expired || claims.exp * 1000 <= ctx.now()) return { status: 401, error: 'credentials.expired', message: 'The supplied credentials are expired.' };
  if (convId !== conv.id) return { status: 403, error: 'not.authorized', message: 'This token is not valid for that conversation.' };
  return { conv, sub: claims.data.sub };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} body
 * @param {RestContext} ctx
 */
function create(res, body, ctx) {
  const b = /** @type {Record<string, any>} */ (isObj(body) ? body : {});
  const bad = (/** @type {string} */ code, /** @type {string} */ msg) => sendError(res, 400, code, msg);
  if (typeof b.organizationId !== 'string' || !b.organizationId) return bad('bad.request', 'organizationId is required');
  if (typeof b.deploymentId !== 'string' || !b.deploymentId)
    return bad('chat.error.pattern.createconversationrequest.deploymentid', 'deploymentId is invalid');
  const rt = b.routingTarget;
  if (!isObj(rt)) return bad('chat.error.notnull.createconversationrequest.routingtarget', 'routingTarget may not be null');
  // Real clients send both 'QUEUE' and 'queue' (§5).
  if (String(rt.targetType).toUpperCase() !== 'QUEUE' || typeof rt.targetAddress !== 'string' || !rt.targetAddress)
    return bad('chat.error.createconversationrequest.routingtarget', 'routingTarget needs targetType QUEUE and a targetAddress');
  if (ctx.queues && !ctx.queues.includes(rt.targetAddress)) return bad('chat.error.invalid.queue', 'Unknown queue');
  const mi = b.memberInfo;
  if (!isObj(mi) || typeof mi.displayName !== 'string' || !mi.displayName)
    return bad('chat.error.notnull.createconversationrequest.memberinfo.displayname', 'memberInfo.displayName may not be null');
  if (mi.customFields !== undefined && (!isObj(mi.customFields) || Object.values(mi.customFields).some((v) => typeof v !== 'string')))
    return bad('invalid.value', 'memberInfo.customFields must map strings to strings');
  const auth = b.memberAuthToken;
  if (auth !== undefined && typeof auth !== 'string') return bad('invalid.value', 'memberAuthToken must be a string');
  // A deployment that requires authenticated guests (§6).
  if (ctx.memberAuth && !ctx.memberAuth(auth))
    return auth ? bad('chat.deployment.bad.auth', 'Guest authentication failed') : bad('chat.deployment.require.auth', 'Deployment requires authentication');

  const conv = ctx.convs.create(/** @type {any} */ (b), (conv, sub) =>
    ctx.issuer.sign({ conv, sub, did: b.deploymentId, org: b.organizationId, ttlSec: ctx.ttlSec, nowMs: ctx.now() }),
  );
  sendJson(res, 200, { id: conv.id, jwt: conv.jwt, eventStreamUri: `${ctx.wsBase()}/chat/jwt/${conv.jwt}`, member: { id: conv.guestId } });
}

/**
 * after/before are message ids (exclusive); the filtered list is sorted by `sortOrder` and cut to `maxResults`
 * (≤ 100, §10). So `before=X&sortOrder=descending&maxResults=N` is the N messages just older than X.
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} p
 * @param {Conversation} conv
 */
function listMessages(res, p, conv) {
  const after = q(p, 'after');
  const before = q(p, 'before');
  const order = q(p, 'sortOrder') ?? 'ascending';
  const maxRaw = q(p, 'maxResults');
  const max = maxRaw === undefined ? 100 : Number(maxRaw);
  if (order !== 'ascending' && order !== 'descending') return sendError(res, 400, 'invalid.query.param.value', 'sortOrder');
  if (!Number.isInteger(max) || max < 1) return sendError(res, 400, 'invalid.query.param.value', 'maxResults');
  const msgs = conv.messages;
  const index = (/** @type {string | undefined} */ id) => (id === undefined ? undefined : msgs.findIndex((m) => m.id === id));
  const from = index(after);
  const to = index(before);
  if (from === -1 || to === -1) return sendError(res, 400, 'invalid.value', 'Unknown message id');
  let list = msgs.slice(from === undefined ? 0 : from + 1, to === undefined ? msgs.length : to);
  if (order === 'descending') list = list.reverse();
  list = list.slice(0, Math.min(max, 100));
  sendJson(res, 200, { pageSize: list.length, entities: list, selfUri: `${BASE}/${conv.id}/messages` });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} p
 * @param {Conversation} conv
 * @param {RestContext} ctx
 */
function listMembers(res, p, conv, ctx) {
  const size = Number(q(p, 'pageSize') ?? 25);
  const page = Number(q(p, 'pageNumber') ?? 1);
  const exclude = q(p, 'excludeDisconnectedMembers');
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(page) || page < 1 || (exclude && exclude !== 'true' && exclude !== 'false'))
    return sendError(res, 400, 'invalid.query.param.value', 'Invalid paging parameters');
  const all = [...conv.members.values()].filter((m) => exclude !== 'true' || m.state !== 'DISCONNECTED');
  const pageCount = Math.max(1, Math.ceil(all.length / size));
  const self = `${BASE}/${conv.id}/members`;
  const uri = (/** @type {number} */ n) => `${self}?pageSize=${size}&pageNumber=${n}`;
  sendJson(res, 200, {
    entities: all.slice((page - 1) * size, page * size).map(ctx.convs.memberInfo),
    pageSize: size,
    pageNumber: page,
    total: all.length,
    pageCount,
    firstUri: uri(1),
    lastUri: uri(pageCount),
    selfUri: uri(page),
    ...(page > 1 ? { previousUri: uri(page - 1) } : {}),
    ...(page < pageCount ? { nextUri: uri(page + 1) } : {}),
  });
}
