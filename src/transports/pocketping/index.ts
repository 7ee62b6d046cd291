/**
 * PocketPing transport (sdk-node 1.1.0 and the SaaS; protocol sheet `pocketping.md`).
 * REST for everything the visitor does, one WebSocket for what arrives; the core polls
 * `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import { authOption, type TokenProvider, type TokenResponse } from '../../auth/token-provider';
import { invalid, isStrings } from '../../core/config';
import { createEmitter } from '../../core/emitter';
import type { ParleyError } from '../../core/errors';
import type { Identity, Message } from '../../core/types';
import { parseFrame, requestJson } from '../http';
import { identityMapper, type IdentityMap } from '../identity';
import { bad as badAnswer, fault as kitFault, q, rating } from '../kit';
import { openSocket, type Socket, type SocketOptions } from '../socket';
import { caps, type LinkState, type SendRequest, type Transport, type TransportEvents, type TransportSpec } from '../../core/transport';
import { deleted, edited, fromFrame, isId, isText, merge, opt, P, type Emit, type Obj } from './wire';

/** Options of `pocketping()` (a type alias so raw config records stay comparable with it). */
export type PocketPingOptions = {
  /** Base URL of the PocketPing routes, e.g. `https://site.example/pocketping`. Required. */
  endpoint: string;
  /**
   * WebSocket URL (`?sessionId=` is appended). Default: the endpoint with `http`→`ws` plus `/stream`.
   * sdk-node serves it at `/pocketping/stream` whatever the HTTP mount (quirk 8): set it when mounted elsewhere.
   */
  streamUrl?: string;
  /** Edit/delete routes: `sdk-node` (default) `POST /edit`, `/delete`; `saas`: `PATCH`/`DELETE /message/{id}`. */
  editRoutes?: 'sdk-node' | 'saas';
  /** Extra request headers (cross-origin, sdk-node's CORS allows only its own two). */
  headers?: Record<string, string>;
  /** `X-PocketPing-Version` value, compared by the server with its widget versions. Default: Parley's version. */
  version?: string;
  /** Reconnect tuning (tests, unusual networks). */
  socket?: Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;
  /**
   * For endpoints behind the site's own auth: every HTTP request carries `Authorization: <token_type>
   * <access_token>` from this token source (`{ tokenUrl }` or a function; see createTokenProvider).
   * The stream has no auth in PocketPing (its `sessionId` is the secret).
   */
  auth?: { tokenUrl: string } | (() => Promise<TokenResponse>);
  /** Traits → `identity` fields (docs/identity.md). Default: the traits as they are. */
  identityMap?: IdentityMap;
};

/**
 * `attachments`: false, sdk-node's upload URL points at a placeholder host unless the integrator
 * adds storage, and the SaaS uses other routes. `historyPaging`: false, the server pages forward
 * only, so `connect()` reads the whole history. `endConversation`: false, PocketPing has no closed
 * state (the same session resumes); `end()` is only a "visitor left" notice.
 */
const capabilities = caps('typing readReceipts editDelete replyTo presence customEvents csat');

/** The version header; the server answers with `…-status` and `…-message` when this widget is behind. */
const VH = 'x-pocketping-version';

/**
 * Validates the options (a `config` ParleyError names the bad key) and returns the backend spec,
 * whose `create()` builds the transport.
 */
export function pocketping(options: PocketPingOptions): TransportSpec {
  const { endpoint, streamUrl, editRoutes: routes, headers, version, socket, auth, identityMap }: Partial<PocketPingOptions> = Object(options);
  const check = (key: string, ok: unknown, what: string) => ok || invalid(key, what, P);
  // (`RegExp.test` reads any value as a string.)
  check('endpoint', /^https?:\/\/\S+$/i.test(endpoint!), 'an http(s) URL');
  check('streamUrl', !streamUrl || /^wss?:\/\/\S+$/i.test(streamUrl), 'a ws(s) URL');
  check('editRoutes', !routes || routes === 'saas' || routes === 'sdk-node', "'sdk-node' or 'saas'");
  check('headers', !headers || isStrings(headers), 'a map of strings');
  const base = String(endpoint).replace(/\/$/, '');
  const stream = streamUrl || base.replace(/^http/, 'ws') + '/stream';
  const streamAt = stream + (stream.includes('?') ? '&' : '?') + 'sessionId=';
  const saas = routes === 'saas';
  const tokensFor = authOption(P, auth);
  const contact = identityMapper(P, identityMap, { '*': '*', id: 'id', name: 'name', email: 'email' });
  /** The identity as sent: mapped, and always with its `id` (sdk-node refuses one without). */
  const sent = (i?: Identity) => i && { id: i.id, ...contact(i) };

  return {
    backend: P,
    scope: base,
    create(env): Transport {
      const { clock, log } = env;
      const { on, emit } = createEmitter<TransportEvents>();
      const warned: string[] = [];
      /** `trigger()` calls waiting for the socket to open (woken by an open, a stall or a stop, they then try it). */
      const waiters: (() => void)[] = [];
      const head = { ...headers, [VH]: version || env.version };
      let sid = '';
      let visitorId = '';
      let identity: Identity | undefined;
      let since = 0;
      let sock: Socket | undefined;
      let link: LinkState | undefined;
      /** The site's tokens for the current visitor (a new provider per visitor). */
      let tokens: TokenProvider | undefined;

      // kit.ts's, with this backend's name.
      const fault = kitFault.bind(0, P);
      const bad = badAnswer.bind(0, P);
      /** Each distinct warning once: version headers ride on every response. */
      const warn = (e: ParleyError) => warned.includes(e.message) || (warned.push(e.message), emit('warning', e));
      /** A socket frame, or a row of a history answer, that does not fit (one debug line for both). */
      const drop = () => log('debug', 'pocketping: dropped a malformed frame');
      /** Custom events need the socket; a stop also fails what waited on the session (a connect, queued events). */
      const noLink = () => fault('network', 'no live connection');

      /**
       * Every route. A body is JSON and carries the session id (`/connect` brings its own; before
       * it there is none, and sdk-node answers an empty history or a 500). sdk-node
       * ignores the method, the SaaS does not (none: GET). `T` is `void` for callers that ignore the answer,
       * `unknown` for those that validate it.
       */
      const call = <T = void>(path: string, body?: object, method: string | undefined = body && 'POST', keepalive?: boolean) => {
        // With the site's token: a 401 renews it and tries once more (createTokenProvider).
        const go = (t?: string, type?: string) =>
          requestJson(
            env.fetch,
            clock,
            base + path,
            { method, body: body && { sessionId: sid, ...body }, keepalive, headers: t ? { ...head, Authorization: type + ' ' + t } : head },
            (res) => {
              // Sent only when the status is not `ok` (next to `…-status`, which says no more); `unsupported`
              // comes with a 426, which rejects anyway.
              const s = res.ok && res.headers.get(VH + '-message');
              if (s) warn(fault('version', s));
            },
            // Answers other than objects become empty objects (their fields then fail validation).
          ).then(Object);
        return (tokens?.withAuth(go) ?? go()) as Promise<T>;
      };

      /** `down` only ever follows `live` (a failed attempt while polling is no news). */
      const setLink = (s: LinkState) => s !== link && (s !== 'down' || link === 'live') && emit('link', (link = s));
      const release = () => {
        for (const ok of waiters.splice(0)) ok();
      };
      /** Bumped by every stop: a connect still awaiting the server sees it and gives up (no stale session, no late socket). */
      let epoch = 0;
      const stop = () => {
        epoch++;
        sock?.close();
        sock = link = undefined;
        release();
      };
      const fail = (e: ParleyError) => {
        stop();
        emit('error', e);
      };
      /** Frame events go out as they are, except warnings (once each) and errors (which stop everything). */
      const fromWire: Emit = (type, e) => (type === 'warning' ? warn(e as ParleyError) : type === 'error' ? fail(e as ParleyError) : emit(type, e));
      // Quirk 16: presence is pushed only to open sockets, so re-read it after time without one.
      const presence = () =>
        call<Obj>('/presence').then(
          (data) => fromFrame({ type: 'presence', data }, fromWire),
          // A failed check is not worth a word: the next reconnect or poll tries again.
          () => 0,
        );

      /** Opens the stream of the current session (a new socket misses what arrives until it opens). */
      const listen = () => {
        sock?.close();
        // The next `live` makes the core catch up.
        setLink('down');
        sock = openSocket({
          // WebSocket and clock come from env (the rest of it is ignored).
          ...env,
          ...socket,
          fatal: [4000, 4003],
          url: () => streamAt + q(sid),
          onMessage(data) {
            if (!fromFrame(parseFrame(data), fromWire)) drop();
          },
          onOpen() {
            if (link) presence();
            setLink('live');
            release();
          },
          // Quirk 11: 4000 (no session id) and 4003 (IP filter) will not get better by retrying.
          onClose(code, _reason, fatal) {
            if (fatal) fail(fault(code === 4003 ? 'forbidden' : 'protocol', `stream refused (${code})`));
            else setLink('down');
          },
          onStall() {
            setLink('polling');
            release();
          },
        });
      };

      /** `POST /connect`: resumes `prev` (or the visitor's latest session) or starts one. */
      const start = async (prev: unknown) => {
        const p = env.page;
        const e = epoch;
        const v = await call<Obj>('/connect', {
          visitorId,
          // None: the server resumes the visitor's latest session, if any.
          sessionId: prev,
          // sdk-node's names; the other keys go along (it keeps any extra metadata).
          metadata: { ...p, pageTitle: p.title, screenResolution: p.screen },
          identity: sent(identity),
        });
        if (e !== epoch) throw noLink();
        if (!isId(v.sessionId)) return bad('connect');
        sid = v.sessionId;
        since = clock.now();
        return v;
      };

      /** Reads forward from `after` while the server has more (bounded: 50 pages of 100), into `all`. */
      const pages = async (after?: string, all = new Map<string, Message>()) => {
        for (let i = 0; i < 50 && after !== ''; i++) {
          const v = await call<Obj>(`/messages?sessionId=${q(sid)}&limit=100${after ? '&after=' + q(after) : ''}`);
          // An answer without a list is not "nothing new": a clear protocol error (the core retries or reports it).
          if (!Array.isArray(v.messages)) return bad('messages');
          const added = merge(all, v.messages, drop);
          // No new id means the server is rewinding (quirk 4 or a run of repeated rows): stop there.
          after = (v.hasMore === true && added) || '';
        }
        return [...all.values()];
      };

      const post = async ({ text, replyTo }: SendRequest) => {
        const v = await call<Obj>('/message', { content: text, sender: 'visitor', replyTo, attachmentIds: [] });
        return isId(v.messageId) && isId(v.timestamp) ? { id: v.messageId, createdAt: v.timestamp } : bad('message');
      };

      return {
        capabilities,

        on,

        async connect(req) {
          stop();
          // Another visitor: nothing of the previous one's (token, refresh token) carries over.
          if (req.visitorId !== visitorId) tokens = tokensFor?.(env);
          visitorId = req.visitorId;
          identity = req.identity;
          const prev = req.session?.sessionId;
          const e = epoch;
          const v = await start(prev);
          const all = new Map<string, Message>();
          // Quirk 5: /connect hands back the OLDEST page; read forward to the newest.
          const messages = await pages(merge(all, v.messages, drop) || '', all);
          if (e !== epoch) throw noLink();
          listen();
          return {
            session: { sessionId: sid },
            messages,
            operatorOnline: v.operatorOnline === true,
            welcomeMessage: opt(isText, v.welcomeMessage),
            resumed: sid === prev,
          };
        },

        // The core checks texts (1 to 4000 characters) before they reach a transport.
        async send(m) {
          const s = sid;
          try {
            return await post(m);
          } catch (e) {
            // Quirk 12: sdk-node answers 500 for an unknown session (e.g. restarted on memory storage).
            // Ask /connect once: the same id back means the session lives and the 500 was something else.
            if ((e as ParleyError).status !== 500 || (await start(s)).sessionId === s) throw e;
            warn(fault('http', 'lost the conversation; started a new one'));
            listen();
            return post(m);
          }
        },

        fetchSince(afterId) {
          if (link !== 'live') presence();
          return pages(afterId);
        },

        setTyping: (isTyping) => call('/typing', { sender: 'visitor', isTyping }),

        // The core never asks with an empty list.
        markRead: (messageIds) => call('/read', { messageIds, status: 'read' }),

        identify: (id) => call('/identify', { identity: sent((identity = id)) }),

        async edit(id, content) {
          const v = await (saas ? call<Obj>('/message/' + q(id), { content }, 'PATCH') : call<Obj>('/edit', { messageId: id, content }));
          return edited(id, Object(v.message)) || bad('edit');
        },

        async remove(id) {
          const v = await (saas ? call<Obj>(`/message/${q(id)}?sessionId=${q(sid)}`, undefined, 'DELETE') : call<Obj>('/delete', { messageId: id }));
          return v.deleted === true ? deleted(id) : bad('delete');
        },

        async trigger({ name, data }) {
          // `live` means the socket is open; one still opening or reopening is waited for (after a
          // stall or a stop it is still shut). Without one, or while polling, the send below fails at once.
          if (sock && link !== 'live' && link !== 'polling') await new Promise<void>((ok) => waiters.push(ok));
          if (!sock?.send(JSON.stringify({ type: 'event', data: { name, data, timestamp: new Date(clock.now()).toISOString() } }))) throw noLink();
        },

        async submitCsat(score, comment) {
          await call('/csat', { score, comment: rating(P, score, comment) });
        },

        /** A "visitor left" notice (`POST /disconnect`, reason `manual`, whole seconds on the page); the session stays resumable. */
        end: () => call('/disconnect', { duration: ((clock.now() - since) / 1000) | 0, reason: 'manual' }, 'POST', true),

        disconnect: stop,
      };
    },
  };
}
