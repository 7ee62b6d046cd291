/**
 * PocketPing transport (sdk-node 1.1.0 and the SaaS; protocol sheet `pocketping.md`).
 * REST for everything the visitor does, one WebSocket for what arrives; the core polls
 * `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import { createEmitter } from '../../core/emitter';
import { ParleyError, type ErrorCode } from '../../core/errors';
import type { Message } from '../../core/types';
import { parseJson } from '../http';
import { openSocket, type Socket, type SocketOptions } from '../socket';
import type { ConnectRequest, LinkState, Transport, TransportCapabilities, TransportEnv, TransportEvents, TransportSpec } from '../transport';
import { pocketpingApi } from './api';
import { fromFrame, isObj, merge, type Emit } from './wire';

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
  /** How often the core polls while the socket is unavailable, ms. */
  pollInterval?: number;
  /** `X-PocketPing-Version` value, compared by the server with its widget versions. Default: Parley's version. */
  version?: string;
  /** Reconnect tuning (tests, unusual networks). */
  socket?: Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;
};

/**
 * `attachments`: false, sdk-node's upload URL points at a placeholder host unless the integrator
 * adds storage, and the SaaS uses other routes. `historyPaging`: false, the server pages forward
 * only, so `connect()` reads the whole history. `endConversation`: false, PocketPing has no closed
 * state (the same session resumes); `end()` is only a "visitor left" notice.
 */
const capabilities: TransportCapabilities = {
  typing: true,
  readReceipts: true,
  editDelete: true,
  replyTo: true,
  attachments: false,
  presence: true,
  customEvents: true,
  historyPaging: false,
  csat: true,
  endConversation: false,
};

const isUrl = (v: unknown, protocol: RegExp): boolean => {
  try {
    return protocol.test(new URL(String(v)).protocol);
  } catch {
    return false;
  }
};

/** Validates the options (a `config` ParleyError names the bad key) and returns the backend spec. */
export function pocketping(options: PocketPingOptions): TransportSpec & { readonly pollInterval?: number } {
  const o: Partial<PocketPingOptions> = isObj(options) ? options : {};
  const { endpoint, headers: h, pollInterval: poll } = o;
  const check = (ok: unknown, key: string, what: string) => {
    if (!ok) throw new ParleyError('config', `pocketping: ${key} ${what}`, { key });
  };
  check(typeof endpoint === 'string' && isUrl(endpoint, /^https?:$/), 'endpoint', 'must be an http(s) URL');
  check(o.streamUrl === undefined || isUrl(o.streamUrl, /^wss?:$/), 'streamUrl', 'must be a ws(s) URL');
  check(!o.editRoutes || o.editRoutes === 'saas' || o.editRoutes === 'sdk-node', 'editRoutes', "must be 'sdk-node' or 'saas'");
  check(!h || (isObj(h) && Object.values(h).every((v) => typeof v === 'string')), 'headers', 'must map names to strings');
  check(poll === undefined || (typeof poll === 'number' && poll > 0), 'pollInterval', 'must be a number of ms');
  const base = String(endpoint).replace(/\/$/, '');
  return {
    backend: 'pocketping',
    scope: base,
    pollInterval: poll,
    create: (env) => createTransport({ ...o, endpoint: base }, env),
  };
}

function createTransport(o: PocketPingOptions, env: TransportEnv): Transport {
  const { clock, log } = env;
  const stream = o.streamUrl || o.endpoint.replace(/^http/, 'ws') + '/stream';
  const { on, emit } = createEmitter<TransportEvents>();
  const warned = new Set<string>();
  let sid: string | undefined;
  let visitorId = '';
  let identity: ConnectRequest['identity'];
  let since = 0;
  let sock: Socket | undefined;
  let link: LinkState | undefined;
  /** `trigger()` calls waiting for the socket to open. */
  const waiters: [() => void, (e: ParleyError) => void][] = [];

  /** Each distinct warning once: version headers ride on every response. */
  const warn = (e: ParleyError) => {
    if (!warned.has(e.message)) warned.add(e.message), emit('warning', e);
  };
  const fault = (code: ErrorCode, message: string) => new ParleyError(code, 'pocketping: ' + message);
  const need = (): string => {
    if (!sid) throw fault('network', 'not connected');
    return sid;
  };
  const api = pocketpingApi(
    {
      endpoint: o.endpoint,
      saas: o.editRoutes === 'saas',
      headers: o.headers,
      version: o.version || env.version,
      sid: need,
      onResponse(res) {
        const s = res.headers.get('x-pocketping-version-status');
        if (s === 'outdated' || s === 'deprecated') warn(new ParleyError('version', res.headers.get('x-pocketping-version-message') || s));
      },
    },
    env,
  );
  const post = async (path: string, body: object, keepalive?: boolean) => {
    await api.post(path, body, 'POST', keepalive);
  };
  const noLink = () => fault('network', 'custom events need the live connection');
  const checkText = (text: string) => {
    if (!text.trim() || text.length > 4000) throw fault('validation', 'a message takes 1 to 4000 characters');
  };
  const setLink = (s: LinkState) => {
    if (s !== link) emit('link', (link = s));
  };
  const release = (err?: ParleyError) => {
    for (const [ok, ko] of waiters.splice(0)) err ? ko(err) : ok();
  };
  // Quirk 16: presence is pushed only to open sockets, so re-read it after time without one.
  const presence = () =>
    api.presence().then(
      (online) => emit('presence', { online }),
      (e) => log('debug', 'pocketping: presence check failed', e),
    );
  const stop = () => {
    sock?.close();
    sock = link = undefined;
    release(fault('network', 'disconnected'));
  };
  /** Frame events go out as they are, except warnings (once each) and errors (which stop the socket). */
  const fromWire: Emit = (type, e) => {
    if (type === 'warning') warn(e as ParleyError);
    else emit(type, e);
    if (type === 'error') stop();
  };

  const listen = (session: string) => {
    sock?.close();
    // A new socket (new session) misses what arrives until it opens: the next `live` triggers catch-up.
    if (link === 'live') setLink('down');
    sock = openSocket({
      ...o.socket,
      WebSocket: env.WebSocket,
      clock,
      fatal: [4000, 4003],
      url: () => `${stream}${stream.includes('?') ? '&' : '?'}sessionId=${encodeURIComponent(session)}`,
      onMessage(data) {
        let ok;
        try {
          // A frame is small JSON; anything huge is hostile and is not even parsed.
          ok = typeof data === 'string' && data.length < 262144 && fromFrame(parseJson(data), fromWire);
        } catch {
          // bad JSON or a __proto__ key: dropped below
        }
        if (!ok) log('debug', 'pocketping: dropped a malformed frame');
      },
      onOpen() {
        const again = link;
        setLink('live');
        release();
        if (again) presence();
      },
      onClose(code, reason, fatal) {
        if (fatal) {
          // Quirk 11: 4000 (no session id) and 4003 (IP filter) will not get better by retrying.
          const e =
            code === 4003
              ? new ParleyError('forbidden', 'blocked by the server (4003)' + (reason && ': ' + reason.slice(0, 200)))
              : fault('protocol', `the server refused the stream (${code})`);
          release(e);
          emit('error', e);
        } else if (link === 'live') setLink('down');
      },
      onStall() {
        setLink('polling');
        release(noLink());
      },
    });
  };

  /** `POST /connect`: resumes `prev` (or the visitor's latest session) or starts one. */
  const start = async (prev: string | null) => {
    const p = env.page;
    const r = await api.connect({
      visitorId,
      sessionId: prev,
      // sdk-node's names; the other keys go along (it keeps any extra metadata).
      metadata: { ...p, pageTitle: p.title, screenResolution: p.screen },
      identity,
    });
    sid = r.sessionId;
    since = clock.now();
    return r;
  };

  /** Reads forward from `after` while the server has more (bounded: 50 pages of 100). */
  const pages = async (all: Map<string, Message>, after?: string) => {
    for (let i = 0; i < 50 && after !== ''; i++) {
      const p = await api.page(after);
      const added = merge(all, p.messages);
      // No new id means the server is rewinding (quirk 4 or a run of repeated rows): stop there.
      after = (p.hasMore && added) || '';
    }
    return [...all.values()];
  };

  return {
    capabilities,

    on,

    async connect(req) {
      stop();
      visitorId = req.visitorId;
      identity = req.identity;
      const prev = req.session?.sessionId;
      const r = await start(typeof prev === 'string' ? prev : null);
      const all = new Map<string, Message>();
      const last = merge(all, r.messages);
      // Quirk 5: /connect hands back the OLDEST page; read forward to the newest.
      const messages = last ? await pages(all, last) : [];
      listen(r.sessionId);
      return {
        session: { sessionId: r.sessionId },
        messages,
        operatorOnline: r.operatorOnline,
        welcomeMessage: r.welcomeMessage,
        resumed: r.sessionId === prev,
      };
    },

    async send({ text, replyTo }) {
      checkText(text);
      const s = need();
      try {
        return await api.send(text, replyTo);
      } catch (e) {
        // Quirk 12: sdk-node answers 500 for an unknown session (e.g. restarted on memory storage).
        // Ask /connect once: the same id back means the session lives and the 500 was something else.
        if ((e as ParleyError).status !== 500 || (await start(s)).sessionId === s) throw e;
        warn(fault('http', 'the server lost the conversation; started a new one'));
        listen(need());
        return api.send(text, replyTo);
      }
    },

    fetchSince(afterId) {
      if (link !== 'live') presence();
      return pages(new Map(), afterId);
    },

    setTyping: (isTyping) => post('/typing', { sender: 'visitor', isTyping }),

    async markRead(messageIds) {
      if (messageIds.length) await post('/read', { messageIds, status: 'read' });
    },

    identify: (id) => post('/identify', { identity: (identity = id) }),

    async edit(id, text) {
      checkText(text);
      return api.edit(id, text);
    },

    remove: async (id) => api.remove(id),

    async trigger({ name, data }) {
      need();
      if (!sock?.isOpen()) {
        if (link === 'polling') throw noLink();
        // Connecting or reconnecting: wait for the socket (released with an error if it stalls).
        await new Promise<void>((ok, ko) => waiters.push([ok, ko]));
      }
      const frame = { type: 'event', data: { name, data, timestamp: new Date(clock.now()).toISOString() } };
      if (!sock?.send(JSON.stringify(frame))) throw noLink();
    },

    async submitCsat(score, comment) {
      if (!Number.isInteger(score) || score < 1 || score > 5) throw fault('validation', 'a rating is 1 to 5');
      await post('/csat', { score, comment: comment?.trim() || undefined });
    },

    /** A "visitor left" notice (`POST /disconnect`, reason `manual`); the session stays resumable. */
    end: () => post('/disconnect', { duration: Math.round((clock.now() - since) / 1000), reason: 'manual' }, true),

    disconnect: stop,
  };
}
