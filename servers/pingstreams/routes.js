// REST routes of the local Pingstreams server (Tiledesk wire format, shared/protocols/pingstreams.md §2–§4).
// Every success is 200 + JSON (the official client rejects anything else).
import { randomUUID } from 'node:crypto';
import { signJwt } from './jwt.js';
import { ROLES, STATUS } from './state.js';

/**
 * @typedef {import('./auth.js').TokenUser} TokenUser
 * @typedef {{ method: string, path: string, query: URLSearchParams, headers: import('node:http').IncomingHttpHeaders,
 *   raw: string, body: any, user?: TokenUser }} Ctx
 * @typedef {{ status: number, body: unknown }} Answer
 */

const ok = (/** @type {unknown} */ body) => ({ status: 200, body });
const notFound = { status: 404, body: { success: false, msg: 'Object not found.' } };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * @param {{ projectId: string, globalSecret: string, now: () => number,
 *   state: ReturnType<typeof import('./state.js').createState>,
 *   auth: ReturnType<typeof import('./auth.js').createAuth> }} deps
 */
export function createRoutes({ projectId, globalSecret, now, state, auth }) {
  const claims = () => ({ iat: Math.floor(now() / 1000), aud: 'https://tiledesk.com', iss: 'https://tiledesk.com', jti: randomUUID() });

  /** @param {string} name @returns {Answer} */
  const invalid = (name) => ({ status: 422, body: { errors: [{ location: 'body', param: name, msg: 'Invalid value' }] } });

  /** @param {Ctx} c @returns {Answer} */
  function signin(c) {
    const { email, password } = c.body ?? {};
    if (typeof email !== 'string' || !EMAIL.test(email)) return invalid('email');
    if (typeof password !== 'string' || !password) return invalid('password');
    const user = state.userByEmail(email);
    if (!user) return { status: 401, body: { success: false, msg: 'Authentication failed. User not found.' } };
    if (user.password !== password) return { status: 401, body: { success: false, msg: 'Authentication failed. Wrong password.' } };
    const pub = state.publicUser(user);
    const { _id, firstname, lastname } = pub;
    const token = signJwt({ _id, email, firstname, lastname, ...claims(), sub: 'user' }, globalSecret);
    return ok({ success: true, token: 'JWT ' + token, user: pub });
  }

  /** @param {Ctx} c @returns {Answer} */
  function signinAnonymously(c) {
    const b = c.body ?? {};
    if (typeof b.id_project !== 'string' || !b.id_project) return invalid('id_project');
    if (b.id_project !== projectId) return notFound;
    const _id = state.newGuestId();
    const user = {
      _id, firstname: typeof b.firstname === 'string' ? b.firstname : 'guest#' + randomUUID().slice(0, 4),
      lastname: b.lastname, email: b.email, attributes: b.attributes,
    };
    state.addProjectUser({ uuid_user: _id }, 'guest');
    const token = signJwt({ ...user, ...claims(), sub: 'guest' }, globalSecret);
    return ok({ success: true, token: 'JWT ' + token, user: { ...user, id: _id, fullName: auth.fullName(user) } });
  }

  /** @param {Ctx} c @returns {Answer} */
  function signinWithCustomToken(c) {
    const header = c.headers.authorization ?? '';
    const parts = header.split(' ');
    if (parts.length !== 2 || parts[0].toLowerCase() !== 'jwt') return { status: 401, body: 'Unauthorized' };
    const v = auth.verifyToken(parts[1]);
    if (v && 'missingAud' in v) return { status: 400, body: { success: false, msg: 'JWT Aud field is required' } };
    const p = v?.payload;
    const id = p?._id ?? p?._doc?._id;
    if (!p || typeof id !== 'string') return { status: 401, body: 'Unauthorized' };
    const user = { ...p, _id: id, id, fullName: auth.fullName(p) };
    let inProject = false;
    try {
      inProject = /^\/projects\//.test(new URL(String(p.aud)).pathname);
    } catch {
      // not a URL: no project
    }
    // An audience without a project (and no id_project in the body) only echoes the token.
    if (!inProject && !c.body?.id_project) return ok({ success: true, token: header, user });
    const role = typeof p.role === 'string' && ROLES.includes(p.role) ? p.role : 'user';
    const pu = state.projectUsers.get(id) ?? state.addProjectUser({ uuid_user: id }, role);
    if (pu.status !== 'active') return { status: 401, body: { success: false, msg: 'Authentication failed. Project_user not active.' } };
    // Ordinary visitors keep the host-minted JWT as their session token (sheet §2.3).
    const token = ['owner', 'admin', 'agent'].includes(role)
      ? 'JWT ' + signJwt({ _id: id, firstname: p.firstname, lastname: p.lastname, email: p.email, ...claims(), sub: 'user' }, globalSecret)
      : header;
    return ok({ success: true, token, user });
  }

  /** @param {Ctx} c @param {string} rid @returns {Answer} */
  function postMessage(c, rid) {
    const user = /** @type {TokenUser} */ (c.user);
    const b = c.body && typeof c.body === 'object' ? c.body : {};
    let req = state.requests.get(rid);
    if (!req) {
      if ((b.type === undefined || b.type === 'text') && (typeof b.text !== 'string' || !b.text)) {
        return { status: 422, body: { errors: ['text field is required'] } };
      }
      const senderId = typeof b.sender === 'string' ? b.sender : user._id;
      const senderPu = state.projectUsers.get(senderId);
      if (b.sender !== undefined && senderPu?.status !== 'active') {
        return { status: 403, body: { success: false, msg: 'Unauthorized. Project_user not found with user id  : ' + senderId } };
      }
      req = state.createRequest(rid, { userId: senderId, fullName: b.senderFullname ?? auth.fullName(user), email: b.email ?? user.email }, b);
    }
    return ok(state.addMessage(req, {
      sender: typeof b.sender === 'string' ? b.sender : user._id,
      senderFullname: typeof b.senderFullname === 'string' ? b.senderFullname : auth.fullName(user),
      text: typeof b.text === 'string' ? b.text : '', type: typeof b.type === 'string' ? b.type : 'text',
      ...(b.attributes && { attributes: b.attributes }), ...(b.metadata && { metadata: b.metadata }),
      ...(b.language && { language: b.language }), ...(b.channel && { channel: b.channel }),
      ...(b.email && { email: b.email }), status: typeof b.status === 'number' ? b.status : 0,
    }));
  }

  /** `GET /{pid}/requests?…` (agent route, §4). @param {URLSearchParams} q */
  function listRequests(q) {
    const status = q.get('status');
    const wanted = status && status !== 'all' ? status.split(',').map(Number) : null;
    let limit = Number(q.get('limit') ?? 40);
    if (!(limit > 0) || limit > 100) limit = 40;
    const page = Math.max(0, Number(q.get('page') ?? 0) || 0);
    const dir = q.get('direction') === '1' ? 1 : -1;
    const preflight = q.get('preflight') === 'true';
    const all = [...state.requests.values()]
      .filter((r) => (wanted ? wanted.includes(r.status) : status === 'all' || (r.status < 1000 && r.status !== 50 && r.status !== 150)))
      .filter((r) => r.preflight === preflight)
      .sort((a, b) => dir * (Date.parse(a.createdAt) - Date.parse(b.createdAt)));
    return ok({ perPage: limit, count: all.length, requests: all.slice(page * limit, page * limit + limit).map(state.populated) });
  }

  /** @type {Array<[string, RegExp, string | null | false, (c: Ctx, m: RegExpExecArray) => Answer]>}
   *  [method, path, role (null = any Project_user, false = public; checked against the path's project), handler] */
  const table = [
    ['POST', /^\/auth\/signin$/, false, signin],
    ['POST', /^\/auth\/signinAnonymously$/, false, signinAnonymously],
    ['POST', /^\/auth\/signinWithCustomToken$/, false, signinWithCustomToken],
    ['GET', /^\/projects\/([^/]+)\/users\/availables$/, false, (_c, m) => m[1] !== projectId ? notFound : ok(
      state.available().map((u) => {
        const pu = state.projectUsers.get(u._id);
        return { id: u._id, pu_id: pu?._id, fullname: `${u.firstname} ${u.lastname}`, email: u.email, assigned_request: pu?.number_assigned_requests ?? 0 };
      }))],
    ['GET', /^\/projects\/([^/]+)\/isopen$/, false, (_c, m) => m[1] !== projectId ? notFound : ok({ isopen: true })],
    ['GET', /^\/([^/]+)\/widgets$/, false, (_c, m) => m[1] !== projectId ? notFound : ok({
      project: { _id: projectId, name: 'Pingstreams test project', widget: {} },
      user_available: state.available().map((u) => ({ id: u._id, firstname: u.firstname })),
      departments: [], ip: '127.0.0.1', botsRules: [],
    })],
    ['GET', /^\/([^/]+)\/requests\/me$/, 'guest', (c) => {
      const uid = c.user?._id;
      const mine = [...state.requests.values()].filter((r) => r.status < STATUS.CLOSED &&
        (r.snapshot.requester.uuid_user === uid || r.snapshot.requester.id_user === uid));
      return ok({ perPage: 40, count: mine.length, requests: mine.slice(0, 40).map(state.populated) });
    }],
    ['GET', /^\/([^/]+)\/requests$/, 'agent', (c) => listRequests(c.query)],
    ['GET', /^\/([^/]+)\/requests\/([^/]+)$/, 'agent', (_c, m) => {
      const r = state.requests.get(m[2]);
      return r ? ok(state.populated(r)) : notFound;
    }],
    ['PUT', /^\/([^/]+)\/requests\/([^/]+)\/close$/, 'agent', (c, m) => {
      const r = state.requests.get(m[2]);
      if (!r) return notFound;
      if (!r.participantsAgents.includes(c.user?._id) && c.body?.force !== true) {
        return { status: 403, body: { success: false, error: 'You must be among the participants to close a conversation.' } };
      }
      return ok(state.closeRequest(r, c.user?._id));
    }],
    ['PUT', /^\/([^/]+)\/requests\/([^/]+)\/closeg$/, 'guest', (c, m) => {
      const r = state.requests.get(m[2]);
      return r ? ok(state.closeRequest(r, c.user?._id)) : { status: 500, body: { success: false, error: 'Error closing request' } };
    }],
    ['PATCH', /^\/([^/]+)\/requests\/([^/]+)\/rating$/, 'guest', (c, m) => {
      const r = state.requests.get(m[2]);
      const pu = c.user && state.projectUsers.get(c.user._id);
      if (!r || !pu || r.requester?._id !== pu._id) return { status: 404, body: { success: false, msg: 'Request not found' } };
      const b = c.body ?? {};
      if (b.rating !== undefined) r.rating = Number(b.rating);
      if (b.rating_message !== undefined) r.rating_message = String(b.rating_message);
      r.updatedAt = state.iso();
      return ok(state.populated(r));
    }],
    ['GET', /^\/([^/]+)\/requests\/([^/]+)\/messages$/, null, (_c, m) => ok(state.messagesOf(m[2]))],
    ['POST', /^\/([^/]+)\/requests\/([^/]+)\/messages$/, null, (c, m) => postMessage(c, m[2])],
    ['GET', /^\/([^/]+)\/requests\/([^/]+)\/messages\/([^/]+)$/, null, (_c, m) => {
      const msg = state.messagesOf(m[2]).find((x) => x._id === m[3]);
      return msg ? ok(msg) : notFound;
    }],
    ['PUT', /^\/([^/]+)\/project_users\/?$/, 'agent', (c) => {
      const pu = /** @type {Record<string, any>} */ (state.projectUsers.get(c.user?._id));
      const b = c.body ?? {};
      for (const k of ['user_available', 'profileStatus', 'max_assigned_chat', 'number_assigned_requests', 'attributes', 'tags']) {
        if (b[k] !== undefined) pu[k] = b[k];
      }
      pu.updatedAt = state.iso();
      return ok(pu);
    }],
    ['GET', /^\/([^/]+)\/project_users\/users\/([^/]+)$/, 'agent', (_c, m) => {
      const pu = state.projectUsers.get(m[2]);
      return pu ? ok([{ ...pu, isBusy: false }]) : notFound;
    }],
  ];

  /**
   * Routes one API call (path relative to the API base).
   * @param {Ctx} c
   * @returns {Answer}
   */
  return function route(c) {
    for (const [method, re, role, handler] of table) {
      const m = re.exec(c.path);
      if (!m || method !== c.method) continue;
      if (role !== false) {
        const a = auth.authenticate(c.headers.authorization, c.query.get('secret_token'));
        if ('status' in a) return a;
        const denied = auth.checkRole(a.user, m[1], role);
        if (denied) return denied;
        c.user = a.user;
      }
      return handler(c, m);
    }
    return { status: 404, body: `Cannot ${c.method} ${c.path}` };
  };
}
