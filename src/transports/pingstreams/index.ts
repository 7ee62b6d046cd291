/**
 * Pingstreams transport (Tiledesk-wire-compatible; protocol sheet `pingstreams.md`).
 * REST for what the visitor does and for history; one WebSocket for what arrives. The core polls
 * `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import { createTokenProvider, type TokenResponse } from '../../auth/token-provider';
import { createEmitter } from '../../core/emitter';
import { ParleyError } from '../../core/errors';
import type { Identity, Message } from '../../core/types';
import type { LinkState, SessionRef, Transport, TransportCapabilities, TransportEnv, TransportEvents, TransportSpec } from '../transport';
import { pingstreamsApi } from './api';
import { openRealtime, type SocketTuning } from './realtime';
import { isObj, newRequestId, toMessages } from './wire';

/**
 * How the visitor signs in (sheet §2):
 * - `'anonymous'` (default): a guest; the guest token is kept in the session so a reload resumes.
 * - `{ token }`: a custom visitor JWT minted by the site's backend (no renewal: expiry ends the session).
 * - `{ tokenUrl }` / `{ getToken }`: custom visitor JWTs from the site, renewed before they expire
 *   (see `createTokenProvider` for the endpoint contract).
 * - `{ email, password }`: a registered Pingstreams user.
 */
export type PingstreamsAuth =
  | 'anonymous'
  | { token: string }
  | { tokenUrl: string }
  | { getToken: () => Promise<TokenResponse> }
  | { email: string; password: string };

/** Options of `pingstreams()`. */
export type PingstreamsOptions = {
  /** The project id (Tiledesk-style 24-hex). Required. */
  projectId: string;
  /** REST base URL, e.g. `https://api.example.com/v3` (a trailing slash is fine). Required. */
  apiUrl: string;
  /** Realtime WebSocket URL (`?token=` is appended). Default: the API host at `/`, `http`→`ws`. */
  wsUrl?: string;
  /** Department new requests go to. */
  departmentId?: string;
  auth?: PingstreamsAuth;
  /** Shorthand for `auth: { tokenUrl }` (script tag: `data-token-url`). */
  tokenUrl?: string;
  /** How often the core polls while the socket is unavailable, ms. */
  pollInterval?: number;
  /** Reconnect tuning (tests, unusual networks). */
  socket?: SocketTuning;
  /** Wait for a subscription's snapshot before falling back to polling, ms. Default 5000. */
  snapshotTimeout?: number;
};

/**
 * Visitors can close (`closeg`) and rate (`rating`) a request; the API has no visitor routes for
 * typing, receipts, edits, replies, custom events or paging (the message list is unpaginated), and
 * attachments would need the upload routes. Agent availability is not pushed to visitors.
 */
const capabilities: TransportCapabilities = {
  typing: false,
  readReceipts: false,
  editDelete: false,
  replyTo: false,
  attachments: false,
  presence: false,
  customEvents: false,
  historyPaging: false,
  csat: true,
  endConversation: true,
};

const fail = (key: string, what: string): never => {
  throw new ParleyError('config', `pingstreams: \`${key}\` ${what}`, { key });
};
const isUrl = (v: unknown, protocol: RegExp): v is string => {
  try {
    return typeof v === 'string' && protocol.test(new URL(v).protocol);
  } catch {
    return false;
  }
};
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Validates the options (a `config` ParleyError names the bad key) and returns the backend spec. */
export function pingstreams(options: PingstreamsOptions): TransportSpec & { readonly pollInterval?: number } {
  const o: Partial<PingstreamsOptions> = isObj(options) ? options : {};
  const { projectId, apiUrl, wsUrl, departmentId, pollInterval: poll } = o;
  const auth: unknown = o.auth ?? (o.tokenUrl !== undefined ? { tokenUrl: o.tokenUrl } : 'anonymous');
  if (!text(projectId) || !/^[\w-]+$/.test(projectId)) fail('projectId', 'must be an id');
  if (!isUrl(apiUrl, /^https?:$/)) fail('apiUrl', 'must be an http(s) URL');
  if (wsUrl !== undefined && !isUrl(wsUrl, /^wss?:$/)) fail('wsUrl', 'must be a ws(s) URL');
  if (departmentId !== undefined && !text(departmentId)) fail('departmentId', 'must be a string');
  if (
    auth !== 'anonymous' &&
    !(isObj(auth) && (text(auth.token) || text(auth.tokenUrl) || typeof auth.getToken === 'function' || (text(auth.email) && text(auth.password))))
  )
    fail(o.auth === undefined ? 'tokenUrl' : 'auth', "must be 'anonymous' or { token | tokenUrl | getToken | email, password }");
  if (poll !== undefined && !(typeof poll === 'number' && poll > 0 && poll < 1e7)) fail('pollInterval', 'must be milliseconds');
  const base = String(apiUrl).replace(/\/+$/, '');
  const ws = wsUrl || base.replace(/^http/, 'ws').replace(/^(wss?:\/\/[^/]+).*/, '$1/');
  return {
    backend: 'pingstreams',
    scope: `${base}/${projectId}`,
    pollInterval: poll,
    create: (env) => createTransport({ ...o, apiUrl: base, wsUrl: ws, auth: auth as PingstreamsAuth } as Resolved, env),
  };
}

type Resolved = PingstreamsOptions & { wsUrl: string; auth: PingstreamsAuth };

function createTransport(o: Resolved, env: TransportEnv): Transport {
  const { clock, log, page } = env;
  const a = o.auth;
  const api = pingstreamsApi(o.apiUrl, o.projectId, env);
  const { on, emit } = createEmitter<TransportEvents>();
  /** The visitor's user id (their messages' `sender`). */
  let me = '';
  let rid = '';
  /** `JWT …` session token of the anonymous and `{ token }` modes. */
  let fixed = '';
  /** The request exists on the server (it is created by its first message, quirk 6). */
  let created = false;
  let closed = false;
  /** The visitor's own close is under way (the server pushes it before it answers). */
  let ending = false;
  let identity: Identity | undefined;
  let link: LinkState | undefined;
  let rt: ReturnType<typeof openRealtime> | undefined;
  /** Bumped by every stop: a connect() overtaken by disconnect() must not open a socket. */
  let epoch = 0;

  const bearer = (t: string) => (/^JWT /i.test(t) ? t : 'JWT ' + t);
  // Renewable tokens: the site's custom JWTs, or the password sign-in run again after a 401.
  const tokens =
    isObj(a) && !('token' in a)
      ? createTokenProvider(
          'email' in a
            ? async () => {
                const r = await api.password(a.email, a.password);
                me = r.userId;
                return { access_token: r.token, token_type: 'JWT', expires_in: 0 };
              }
            : 'getToken' in a
              ? () => a.getToken()
              : { tokenUrl: a.tokenUrl, fetch: env.fetch },
          clock,
        )
      : undefined;
  /** Runs a call with the current `Authorization` value; renewable tokens get one retry on 401. */
  const authed = <T>(fn: (authz: string) => Promise<T>): Promise<T> =>
    tokens ? tokens.withAuth((t) => fn(bearer(t))) : fn(fixed);

  const drop = () => log('debug', 'pingstreams: dropped a malformed message');
  const setLink = (s: LinkState) => {
    if (s !== link) emit('link', (link = s));
  };
  const topic = () => `/${o.projectId}/requests/${rid}`;
  const list = () => authed((z) => api.messages(z, rid)).then((l) => toMessages(l, me, drop));
  /** The request is closed: `ended` when someone else closed it, then the rating prompt (unless rated). */
  const finish = (remote: boolean, rated?: boolean) => {
    if (closed) return;
    closed = true;
    if (remote) emit('ended', { reason: 'closed' });
    if (!rated) emit('csat', { requestedAt: new Date(clock.now()).toISOString() });
  };

  /** Signs in; true when a stored anonymous token was reused (not yet checked by the server). */
  const signIn = async (s: SessionRef): Promise<boolean> => {
    if (isObj(a)) {
      if ('token' in a) ({ token: fixed, userId: me } = await api.custom(bearer(a.token)));
      else if ('email' in a) await tokens?.getToken();
      // The custom JWT creates the visitor's Project_user (§2.3); REST then uses the JWT itself.
      else me = (await authed(api.custom)).userId;
      return false;
    }
    if (text(s.token) && text(s.userId)) {
      fixed = s.token;
      me = s.userId;
      return true;
    }
    ({ token: fixed, userId: me } = await api.anonymous(
      identity ? { firstname: identity.name, email: identity.email, attributes: identity } : {},
    ));
    return false;
  };

  const listen = () => {
    rt = openRealtime(
      env,
      async () => `${o.wsUrl}${o.wsUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent((tokens ? await tokens.getToken() : fixed).replace(/^JWT /i, ''))}`,
      {
        link: setLink,
        messages: (items) => toMessages(items, me, drop).forEach((m) => emit('message', m)),
        request([r]) {
          if (isObj(r) && typeof r.status === 'number' && r.status >= 1000) finish(!ending, r.rating != null);
        },
      },
      o.socket,
      o.snapshotTimeout,
    );
    if (created) rt.watch(topic());
  };

  const stop = () => {
    epoch++;
    rt?.close();
    rt = undefined;
    link = undefined;
  };

  return {
    capabilities,

    on,

    async connect(req) {
      stop();
      const at = epoch;
      identity = req.identity;
      const s = req.session || {};
      const reused = await signIn(s);
      rid = text(s.requestId) && s.userId === me ? s.requestId : '';
      let messages: Message[] = [];
      if (rid) {
        try {
          messages = await list();
        } catch (e) {
          // A stored guest token the server no longer takes: start over as a new guest.
          if (!reused || (e as ParleyError).code !== 'auth') throw e;
          rid = '';
          await signIn({});
        }
      }
      const resumed = !!rid;
      rid ||= newRequestId(o.projectId);
      if (at !== epoch) throw new ParleyError('network', 'pingstreams: disconnected while connecting', { retryable: true });
      created = messages.length > 0;
      closed = false;
      listen();
      return {
        session: a === 'anonymous' ? { requestId: rid, userId: me, token: fixed } : { requestId: rid, userId: me },
        messages,
        resumed,
      };
    },

    async send({ clientId, text: t }) {
      const r = await authed((z) =>
        api.send(z, rid, {
          text: t,
          senderFullname: identity?.name,
          email: identity?.email,
          // Echoes carry the client id back (quirk 11); identity traits become lead/request attributes.
          attributes: { ...identity, clientId },
          departmentid: o.departmentId,
          sourcePage: page.url,
          userAgent: page.userAgent,
          language: page.language,
        }),
      );
      if (!created) {
        created = true;
        rt?.watch(topic());
      }
      return r;
    },

    async fetchSince(afterId) {
      const all = await list();
      return all.slice(all.findIndex((m) => m.id === afterId) + 1);
    },

    async identify(id) {
      // Reaches the server with the next message (name, e-mail, attributes); visitors cannot edit leads.
      identity = id;
    },

    async submitCsat(score, comment) {
      if (!Number.isInteger(score) || score < 1 || score > 5)
        throw new ParleyError('validation', 'pingstreams: a rating is a whole number from 1 to 5');
      await authed((z) => api.rate(z, rid, score, comment?.trim() || undefined));
    },

    async end() {
      // A request that never got a message does not exist on the server: nothing to close there.
      ending = true;
      try {
        if (created) await authed((z) => api.close(z, rid));
      } finally {
        ending = false;
      }
      finish(false);
    },

    disconnect: stop,
  };
}
