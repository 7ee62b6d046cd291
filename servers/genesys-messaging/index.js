/**
 * A protocol-faithful local Genesys Cloud Web Messaging (Guest API) server for tests, e2e and the demo
 * (protocols/genesys-webmessaging.md, "A faithful fake server must"). One port serves everything, as the
 * mobile SDK's TRANSPORT_CUSTOM_ENDPOINT expects: the socket at `/v1?deploymentId=…`, REST history, the
 * deployment `config.json`, presigned upload and download URLs, and the `/test/*` control API. Loopback only.
 *
 *   const server = await startGenesysMessagingServer();
 *   // transport: genesysMessaging({ deploymentId: server.deploymentId, wsUrl: server.wsUrl, apiUrl: server.apiUrl })
 *   server.agent.join(server.sessions()[0].id, { nickname: 'Sam' });
 */
import { randomBytes } from 'node:crypto';
import { CORS, sendError } from '../genesys/http-util.js';
import { createLocalHttp } from '../shared/local-http.js';
import { createJwtIssuer } from '../genesys/jwt.js';
import { ControlError, createAgent } from './agent.js';
import { createAttachmentActions } from './attachments.js';
import { createAuth } from './auth.js';
import { handleControl, summary } from './control.js';
import { DEFAULT_SETTINGS } from './deployment.js';
import { createMessageActions } from './messages.js';
import { handleRoutes } from './routes.js';
import { createSessions } from './sessions.js';
import { createSocketServer } from './socket.js';

/** Browsers preflight the history GET (Authorization) and the upload PUT (x-amz-tagging). */
const PREFLIGHT = { ...CORS, 'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS', 'access-control-allow-headers': 'authorization, content-type, accept, x-amz-tagging' };

/**
 * @typedef {object} GenesysMessagingServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] loopback only (default 127.0.0.1)
 * @property {string} [deploymentId] the one deployment served (default `parley-local-deployment`); others get 403
 * @property {Partial<import('./deployment.js').DeploymentSettings>} [settings] deployment settings over the defaults
 * @property {import('./agent.js').BotScript} [bot] a bot greets each conversation after its first message or autostart Join
 * @property {number} [jwtTtlSec] lifetime of the history JWTs from `getJwt` (default 3600)
 * @property {string[]} [allowedOrigins] when set, a socket upgrade whose Origin is not listed gets 403
 * @property {() => number} [now] clock for timestamps and expiry
 */

/**
 * @typedef {object} ServerContext
 * @property {import('./sessions.js').Sessions} sessions
 * @property {import('./deployment.js').DeploymentSettings} settings
 * @property {string} deploymentId
 * @property {() => number} now
 * @property {() => string} baseUrl `http://host:port`
 * @property {{ sign(sessionId: string, deploymentId: string): { jwt: string, exp: number },
 *   verify(token: string): import('../genesys/jwt.js').GuestClaims | undefined }} issuer
 * @property {(ws: import('ws').WebSocket, frame: object) => void} send a direct reply to one socket
 * @property {Map<string, { session: import('./sessions.js').Session, attachmentId: string }>} uploads pending PUT URLs by key
 * @property {Map<string, { attachment: import('./sessions.js').Attachment, expiresAtMs: number }>} downloads download URLs by key
 * @property {Set<import('ws').WebSocket>} connections every open socket
 * @property {string[] | undefined} allowedOrigins
 * @property {() => number} refuseUntil new sockets are refused (503) until this time
 * @property {(session: import('./sessions.js').Session) => void} onVisitorMessage
 * @property {(maxMessages: number, windowSec: number) => void} setRateLimit
 * @property {import('./auth.js').Auth} auth authenticated messaging (§2.9)
 */

/**
 * @param {GenesysMessagingServerOptions} [opts]
 */
export async function startGenesysMessagingServer(opts = {}) {
  const now = opts.now ?? Date.now;
  const settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const jwtTtlSec = opts.jwtTtlSec ?? 3600;
  const jwt = createJwtIssuer('HS256');
  let holdUntil = 0;
  /** `host:port` once listening (the listener is made below, after what it serves). */
  const origin = () => http.origin();
  const sessions = createSessions({ now, durationSeconds: () => settings.durationSeconds });

  /** @type {ServerContext} */
  const ctx = {
    sessions,
    settings,
    deploymentId: opts.deploymentId ?? 'parley-local-deployment',
    now,
    baseUrl: () => `http://${origin()}`,
    issuer: {
      sign(sessionId, deploymentId) {
        const nowMs = now();
        // `conv` is a fresh id per JWT (a jti): two JWTs asked within one second differ, so expiring one spares the next.
        const token = jwt.sign({ conv: randomBytes(8).toString('hex'), did: deploymentId, sub: sessionId, org: 'webmessaging', ttlSec: jwtTtlSec, nowMs });
        return { jwt: token, exp: Math.floor(nowMs / 1000) + jwtTtlSec };
      },
      verify: (token) => jwt.verify(token),
    },
    send(ws, frame) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    },
    uploads: new Map(),
    downloads: new Map(),
    connections: new Set(),
    allowedOrigins: opts.allowedOrigins,
    refuseUntil: () => holdUntil,
    onVisitorMessage: (session) => agent.greet(session),
    setRateLimit(maxMessages, windowSec) {
      sessions.rate.maxMessages = maxMessages;
      sessions.rate.windowSec = windowSec;
    },
    auth: /** @type {any} */ (undefined),
  };
  ctx.auth = createAuth(ctx, jwt);
  const agent = createAgent(ctx, opts.bot);
  const socketServer = createSocketServer(ctx, { ...createMessageActions(ctx), ...createAttachmentActions(ctx) });

  /**
   * One chaos switch on one session (§9 item 11).
   * @param {string} id session id or token
   * @param {'reorder' | 'duplicate' | 'drop' | 'failupload' | 'refuseput' | string} kind
   *   failupload: the next PUT brings UploadFailureEvent; refuseput: the next PUT is answered 403 (storage refused it)
   */
  function chaos(id, kind) {
    const session = agent.find(id);
    if (kind === 'reorder') session.chaos.reorder = true;
    else if (kind === 'duplicate') session.chaos.duplicate = true;
    else if (kind === 'failupload') session.chaos.failNextUpload = true;
    else if (kind === 'refuseput') session.chaos.refuseNextPut = true;
    // terminate() destroys the TCP socket: no close frame, as a network failure.
    else if (kind === 'drop') for (const ws of session.sockets) ws.terminate();
    else throw new ControlError(400, `unknown chaos kind ${kind}`);
  }
  /** @param {number} holdMs refuse new sockets for this long */
  function dropSockets(holdMs = 0) {
    holdUntil = now() + holdMs;
    for (const ws of ctx.connections) ws.terminate();
  }
  /** @param {Partial<import('./deployment.js').DeploymentSettings>} patch */
  function configure(patch) {
    for (const key of Object.keys(patch)) if (!(key in DEFAULT_SETTINGS)) throw new ControlError(400, `unknown deployment setting ${key}`);
    Object.assign(settings, patch);
  }
  const controlCtx = { ...ctx, agent, chaos, configure, dropSockets };

  const http = createLocalHttp({
    name: 'startGenesysMessagingServer',
    host: opts.host,
    port: opts.port,
    preflight: PREFLIGHT,
    handle: (req, res, url) =>
      url.pathname.startsWith('/test/')
        ? handleControl(req, res, url, controlCtx)
        : handleRoutes(req, res, url, ctx).then((handled) => {
            if (!handled) sendError(res, 404, 'not.found', 'Not found');
          }),
    upgrade: (req, socket, head) => socketServer.upgrade(req, socket, head),
    terminateSockets: () => {
      for (const ws of ctx.connections) ws.terminate();
    },
  });
  await http.listen();

  return {
    /** `http://127.0.0.1:PORT`: REST, config.json, uploads and the control API */
    get url() {
      return `http://${origin()}`;
    },
    /** What the transport's `apiUrl` option takes. */
    get apiUrl() {
      return `http://${origin()}`;
    },
    /** What the transport's `wsUrl` option takes: `ws://127.0.0.1:PORT/v1`. */
    get wsUrl() {
      return `ws://${origin()}/v1`;
    },
    get port() {
      return http.port;
    },
    deploymentId: ctx.deploymentId,
    /** The deployment settings in force (change them with `configure`). */
    settings,
    agent,
    /** Summaries of every session, oldest first. */
    sessions: () => [...sessions.all.values()].map((session) => summary(ctx, session)),
    /** @param {string} id session id or token: its stored messages, oldest first */
    messages: (id) => agent.find(id).messages.slice(),
    configure,
    chaos,
    dropSockets,
    /**
     * @param {number} maxMessages `onMessage` frames a session may send per window; Infinity: no limit
     * @param {number} [windowSec]
     */
    setRateLimit: (maxMessages, windowSec = 10) => ctx.setRateLimit(maxMessages, windowSec),
    /**
     * Sends a raw text frame to the session's sockets (malformed-frame tests).
     * @param {string} id
     * @param {string} text
     */
    sendRaw(id, text) {
      for (const ws of agent.find(id).sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    /** Closes every connection and listens again on the same port; sessions are kept. */
    async restart() {
      await http.close();
      await http.listen();
    },
    async stop() {
      for (const session of sessions.all.values()) sessions.stopTimers(session);
      socketServer.close();
      await http.close();
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startGenesysMessagingServer>>} GenesysMessagingServer */
