/**
 * Pingstreams transport (Tiledesk-wire-compatible; protocol sheet `pingstreams.md`).
 * REST for what the visitor does and for history (§2–§3); one reconnecting WebSocket (`?token=`) for
 * what arrives (§5). There is no resume cursor (quirk 9): every (re)open resubscribes, and the link is
 * reported `live` only once the message snapshot shows the subscription holds; the core then catches
 * up over REST, and polls `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import { createTokenProvider, type TokenProvider, type TokenResponse } from '../../auth/token-provider';
import { invalid } from '../../core/config';
import { createEmitter } from '../../core/emitter';
import type { ParleyError } from '../../core/errors';
import { parseFrame, requestJson } from '../http';
import { identityMapper, type Fields, type IdentityMap } from '../identity';
import { bad, fault, q, rating } from '../kit';
import { openSocket, type Socket, type SocketOptions } from '../socket';
import { caps, type LinkState, type Transport, type TransportEvents, type TransportSpec } from '../../core/transport';
import { newRequestId, str, toMessages, type Obj } from './wire';

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

/** Reconnect tuning of the realtime socket. */
export type SocketTuning = Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;

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
  /** Reconnect tuning (tests, unusual networks). */
  socket?: SocketTuning;
  /** Wait for a subscription's snapshot before falling back to polling, ms. Default 5000. */
  snapshotTimeout?: number;
  /** Traits → lead `fullname`, `email`, `attributes` (docs/identity.md). */
  identityMap?: IdentityMap;
};

/** Every auth mode's fields, for reading a validated `auth` without narrowing each time. */
type AuthFields = { token?: string; tokenUrl?: string; getToken?: () => Promise<TokenResponse>; email?: string; password?: string };

/**
 * Visitors can close (`closeg`) and rate (`rating`) a request; the API has no visitor routes for
 * typing, receipts, edits, replies, custom events or paging (the message list is unpaginated), and
 * attachments would need the upload routes. Agent availability is not pushed to visitors.
 */
const capabilities = caps('csat endConversation');

const P = 'pingstreams';

/** Validates the options (a `config` ParleyError names the bad key) and returns the backend spec. */
export function pingstreams(options: PingstreamsOptions): TransportSpec {
  const o: Partial<PingstreamsOptions> = Object(options);
  const { apiUrl, wsUrl, departmentId } = o;
  const pid = str(o.projectId, '');
  const auth = o.auth ?? (o.tokenUrl == null ? 'anonymous' : { tokenUrl: o.tokenUrl });
  const a: AuthFields = Object(auth);
  const check = (ok: unknown, key: string, what: string) => ok || invalid(key, what, P);
  check(/^[\w-]+$/.test(pid), 'projectId', 'an id');
  check(/^https?:\/\/./.test(str(apiUrl, '')), 'apiUrl', 'an http(s) URL');
  check(!wsUrl || /^wss?:\/\/./.test(wsUrl), 'wsUrl', 'a ws(s) URL');
  check(!departmentId || str(departmentId), 'departmentId', 'a string');
  check(
    auth == 'anonymous' || str(a.token || a.tokenUrl || (a.email && a.password)) || typeof a.getToken == 'function',
    o.auth == null ? 'tokenUrl' : 'auth',
    "'anonymous' or {token|tokenUrl|getToken|email,password}",
  );
  const base = apiUrl!.replace(/\/+$/, '');
  const ws = wsUrl || base.replace(/^http(s?:\/\/[^/]+).*/, 'ws$1/');
  const contact = identityMapper(P, o.identityMap, { fullname: 'name', email: 'email', attributes: '*' });

  return {
    backend: P,
    scope: base + '/' + pid,
    create(env): Transport {
      const { fetch, clock, log, page } = env;
      const { on, emit } = createEmitter<TransportEvents>();
      /** The visitor's user id (their messages' `sender`). */
      let me = '';
      let rid = '';
      /** The anonymous guest's `JWT …` token (other modes use `tokens`). */
      let fixed = '';
      /** The request exists on the server (it is created by its first message, quirk 6). */
      let created = false;
      /** The request is closed (or the visitor's own close is under way: the server pushes it before it answers). */
      let closed = false;
      /** The visitor's lead fields (mapped identity): sent with every message, since visitors cannot edit leads. */
      let lead: Fields = {};
      let visitor: string | undefined;
      let link: LinkState | undefined;
      let sock: Socket | undefined;
      /** The snapshot wait of the current subscription. */
      let timer: unknown;
      /** Bumped by every stop: a connect() overtaken by disconnect() must not open a socket. */
      let epoch = 0;

      /** Throws: the answer to `what` does not fit (kit.ts). */
      const fail = bad.bind(0, P);
      /** One REST call (answers other than objects and arrays become `{}`); the token goes out as `JWT <token>` (quirk 1). */
      const http = (path: string, t?: string, method?: string, body?: unknown): Promise<Obj> =>
        requestJson(fetch, clock, base + path, { method, body, headers: t ? { Authorization: /^JWT /i.test(t) ? t : 'JWT ' + t } : {} }).then(Object);
      /** `{token, user:{_id}}` from the three auth routes (§2): sets `me`, returns the token. */
      const signIn = async (path: string, body?: unknown, t?: string) => {
        const v = await http('/auth/' + path, t, 'POST', body);
        const id = str(Object(v.user)._id);
        const token = str(v.token);
        if (!id || !token) fail(path);
        me = id!;
        return token!;
      };
      const guest = async () => {
        fixed = await signIn('signinAnonymously', { id_project: pid, firstname: lead.fullname, email: lead.email, attributes: lead.attributes });
      };
      // Every mode but the guest's goes through a token provider (cached, renewed when due, one retry after a
      // 401): the site's custom JWTs (a fixed `token` is simply tried again), or the password sign-in.
      const newTokens = () =>
        auth != 'anonymous' &&
        createTokenProvider(
          a.email
            ? async () => ({ access_token: await signIn('signin', { email: a.email, password: a.password }) })
            : a.tokenUrl || a.getToken || (async () => ({ access_token: a.token! })),
          env,
        );
      let tokens: TokenProvider | false;
      /** `/<project>/requests/<request id>`: the REST path and the realtime topic of the conversation. */
      const topic = () => `/${pid}/requests/${rid}`;
      /** A call on the request with the current token; provider tokens get one retry on 401. */
      const rq = (path: string, method?: string, body?: unknown): Promise<Obj> => {
        const call = (t: string) => http(topic() + path, t, method, body);
        return tokens ? tokens.withAuth(call) : call(fixed);
      };
      const drop = () => log('debug', 'pingstreams: dropped a malformed frame');
      const list = () => rq('/messages').then((v) => (Array.isArray(v) ? toMessages(v, me, drop) : fail('messages')));
      const setLink = (s: LinkState) => s != link && emit('link', (link = s));

      const send = (action: string, payload: unknown) => sock?.send(JSON.stringify({ action, payload }));
      /**
       * Follows the request and its messages. An unauthorised subscription is silent (quirk 10): without a
       * snapshot the core polls, and the subscription is tried again.
       */
      const subscribe = () => {
        clock.clearTimeout(timer);
        if (!created) return setLink('live');
        for (const t of ['', '/messages']) send('subscribe', { topic: topic() + t });
        timer = clock.setTimeout(() => {
          setLink('polling');
          subscribe();
        }, o.snapshotTimeout || 5000);
      };

      const stop = () => {
        epoch++;
        clock.clearTimeout(timer);
        sock?.close();
        sock = link = undefined;
      };

      return {
        capabilities,
        on,

        async connect({ visitorId, identity, session: s = {} }) {
          stop();
          const at = epoch;
          lead = identity ? contact(identity) : {};
          // Another visitor: a new provider (the previous one's token and refresh token are theirs).
          if (visitorId != visitor) tokens = newTokens();
          visitor = visitorId;
          if (tokens) {
            // The custom JWT creates the visitor's Project_user (§2.3); REST then uses the JWT itself.
            // (The password sign-in, run to get the token, has signed in already.)
            await tokens.withAuth(async (t) => a.email || signIn('signinWithCustomToken', undefined, t));
          } else if (str(s.token) && str(s.userId)) {
            fixed = s.token as string;
            me = s.userId as string;
          } else await guest();
          // Only the same user resumes a stored conversation.
          rid = (s.userId === me && str(s.requestId)) || newRequestId(pid);
          const messages =
            s.requestId == rid
              ? await list().catch(async (e: ParleyError) => {
                  // A stored guest token the server no longer takes: start over as a new guest.
                  if (tokens || e.code != 'auth') throw e;
                  await guest();
                  rid = newRequestId(pid);
                  return [];
                })
              : [];
          if (at != epoch) throw fault(P, 'network', 'disconnected');
          created = messages.length > 0;
          closed = false;
          sock = openSocket({
            // WebSocket and clock come from env (the rest of it is ignored).
            ...env,
            silenceMs: 45000, // the server pings every 30 s
            ...o.socket,
            // The server strips a leading `JWT ` from the token.
            url: async () => ws + '?token=' + q(tokens ? await tokens.getToken() : fixed),
            onOpen: subscribe,
            onClose() {
              clock.clearTimeout(timer);
              // Failed attempts close too: only a live link goes `down` (a stalled one stays `polling`).
              if (link == 'live') setLink('down');
            },
            onStall: () => setLink('polling'),
            onMessage(data) {
              // (JSON is never `undefined`: only a frame that fails to parse is dropped.)
              const f: Obj = Object(parseFrame(data) ?? drop());
              const p: Obj = Object(f.payload);
              // The server's keep-alive ping: any answer keeps the socket.
              if (f.action == 'heartbeat') return send('heartbeat', { message: { text: 'pong' } });
              // Snapshots carry an array, live pushes one object (quirk 7).
              const items: unknown[] = [].concat(p.message as []);
              if (p.topic == topic()) {
                // Someone else closed it: the end, then the rating prompt (unless rated).
                const r: Obj = Object(items[0]);
                if ((r.status as number) >= 1000 && !closed) {
                  closed = true;
                  emit('ended', { reason: 'closed' });
                  if (r.rating == null) emit('csat', {});
                }
              } else if (p.topic == topic() + '/messages') {
                clock.clearTimeout(timer);
                setLink('live');
                toMessages(items, me, drop).forEach((m) => emit('message', m));
              }
            },
          });
          return { session: { requestId: rid, userId: me, token: fixed || undefined }, messages, resumed: created };
        },

        async send({ clientId, text: t }) {
          const r = await rq('/messages', 'POST', {
            text: t,
            senderFullname: lead.fullname,
            email: lead.email,
            // Echoes carry the client id back (quirk 11); the lead's attributes become the request's too.
            attributes: { ...lead.attributes, clientId },
            departmentid: departmentId,
            sourcePage: page.url,
            userAgent: page.userAgent,
            language: page.language,
          });
          const id = str(r._id);
          const createdAt = str(r.createdAt);
          if (!id || !createdAt) fail('send');
          if (!created) {
            created = true;
            if (sock?.isOpen()) subscribe();
          }
          return { id: id!, createdAt: createdAt! };
        },

        async fetchSince(afterId) {
          const all = await list();
          return all.slice(all.findIndex((m) => m.id === afterId) + 1);
        },

        async identify(id) {
          // Reaches the server with the next message (name, e-mail, attributes); visitors cannot edit leads.
          lead = contact(id);
        },

        async submitCsat(score, comment) {
          await rq('/rating', 'PATCH', { rating: score, rating_message: rating(P, score, comment) });
        },

        async end() {
          const was = closed;
          closed = true;
          try {
            // A request that never got a message does not exist on the server: nothing to close there.
            if (created) await rq('/closeg', 'PUT');
          } catch (e) {
            closed = was;
            throw e;
          }
          if (!was) emit('csat', {});
        },

        disconnect: stop,
      };
    },
  };
}
