/**
 * A protocol-faithful local Genesys Cloud guest chat (ACD Web Chat v2) server for tests, e2e and the demo
 * (protocols/genesys.md). Loopback only.
 *
 *   const gs = await startGenesysServer();
 *   // transport: genesys({ apiUrl: gs.apiUrl, organizationId, deploymentId, queue })
 *   gs.agent.join(gs.conversations()[0].id, { name: 'Alex' });
 */
import { BASE, createConversations } from './conversations.js';
import { createAgent, handleControl, messagesOf, summary } from './control.js';
import { createLocalHttp } from '../shared/local-http.js';
import { CORS, sendError } from './http-util.js';
import { createJwtIssuer } from './jwt.js';
import { handleRest } from './rest.js';
import { createStream } from './stream.js';


/**
 * @typedef {object} GenesysServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] loopback only (default 127.0.0.1)
 * @property {number} [heartbeatMs] `channel.metadata` heartbeat interval (default 30000; ≤ 0: none)
 * @property {'RS256' | 'HS256'} [jwtAlg] default RS256, as Genesys signs them
 * @property {number} [jwtTtlSec] guest JWT lifetime (default 79200 s = 22 h)
 * @property {string[]} [queues] known queue names (default: any name is accepted)
 * @property {{ name: string, delayMs?: number, greeting?: string }} [autoAgent] an agent answers every routed chat by itself
 * @property {() => number} [now] clock for timestamps and JWT expiry
 * @property {(token: string | undefined) => boolean} [memberAuth] the deployment requires authenticated guests:
 *   create answers 400 `chat.deployment.require.auth` (no `memberAuthToken`) or `…bad.auth` when this says false
 */

/**
 * @param {GenesysServerOptions} [opts]
 */
export async function startGenesysServer(opts = {}) {
  const now = opts.now ?? Date.now;
  const convs = createConversations({ now, autoAgent: opts.autoAgent });
  const issuer = createJwtIssuer(opts.jwtAlg ?? 'RS256');
  /** @type {import('./rest.js').RecordedRequest[]} */
  const requests = [];
  const stream = createStream({ convs, issuer, now, heartbeatMs: opts.heartbeatMs ?? 30_000, requests });
  const agent = createAgent(convs);
  const rateLimit = { n: 0, retryAfterSec: 1 };
  /** `host:port` once listening (the listener is made below). */
  const origin = () => http.origin();
  const restCtx = { convs, issuer, now, ttlSec: opts.jwtTtlSec ?? 79_200, queues: opts.queues, wsBase: () => `ws://${origin()}`, rateLimit, requests, memberAuth: opts.memberAuth };

  const http = createLocalHttp({
    name: 'startGenesysServer',
    host: opts.host,
    port: opts.port,
    preflight: CORS,
    handle: (req, res, url) =>
      url.pathname.startsWith(BASE)
        ? handleRest(req, res, url, restCtx)
        : url.pathname.startsWith('/test/')
          ? handleControl(req, res, url, { convs, agent, server: api })
          : Promise.resolve(sendError(res, 404, 'not.found', 'Not found')),
    upgrade: (req, socket, head) => stream.upgrade(req, socket, head),
    terminateSockets: () => {
      for (const c of convs.all.values()) for (const ws of c.sockets) ws.terminate();
    },
  });
  await http.listen();

  /** @param {string} id */
  const conv = (id) => {
    const c = convs.all.get(id);
    if (!c) throw new Error(`unknown conversation ${id}`);
    return c;
  };

  const api = {
    /** `http://127.0.0.1:PORT` */
    get url() {
      return `http://${origin()}`;
    },
    /** What the transport's `apiUrl` option takes. */
    get apiUrl() {
      return `http://${origin()}`;
    },
    get port() {
      return http.port;
    },
    agent,
    /** Summaries of every conversation, oldest first. */
    conversations: () => [...convs.all.values()].map((c) => summary(convs, c)),
    /** @param {string} id stored messages of one conversation (wire shape + senderName/senderRole) */
    messages: (id) => messagesOf(conv(id)),
    /** Every REST request and event-stream upgrade received (method, url, headers, raw body), oldest first. */
    requests: () => requests.slice(),
    clearRequests: () => void requests.splice(0),
    /**
     * Sends a raw text frame on the conversation's open event streams (malformed-frame tests).
     * @param {string} id
     * @param {string} text
     */
    sendRaw(id, text) {
      for (const ws of conv(id).sockets) if (ws.readyState === 1) ws.send(text);
    },
    /** @param {number} ms 0 stops the heartbeats */
    setHeartbeatInterval: (ms) => stream.setHeartbeatInterval(ms),
    /** @param {number} [holdMs] cut every event stream; refuse new ones for holdMs */
    dropSockets: (holdMs = 0) => stream.drop(holdMs),
    /** @param {string} id from now on this conversation's JWT counts as expired (401 `credentials.expired`) */
    expireJwt: (id) => void (conv(id).expired = true),
    /**
     * @param {number} n the next n REST requests answer 429
     * @param {number} [retryAfterSec]
     */
    rateLimitNext(n, retryAfterSec = 1) {
      rateLimit.n = n;
      rateLimit.retryAfterSec = retryAfterSec;
    },
    /** Closes every connection and stops listening, as a crash would; `restart()` brings it back (conversations kept). */
    down: () => http.close(),
    /** Closes every connection and listens again on the same port; conversations are kept. */
    async restart() {
      await http.close();
      await http.listen();
    },
    async stop() {
      stream.close();
      for (const c of convs.all.values()) for (const t of c.timers) clearTimeout(t);
      await http.close();
    },
  };
  return api;
}

/** @typedef {Awaited<ReturnType<typeof startGenesysServer>>} GenesysServer */
/** @typedef {import('./rest.js').RecordedRequest} RecordedRequest */
