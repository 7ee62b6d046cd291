/**
 * The Web Messaging socket: `/v1?deploymentId=…` (§1), one JSON action per text frame (§2.1), answered
 * as the Guest API does. Session lifecycle here (configureSession, echo, getJwt, closeSession,
 * getConfiguration); sending in messages.js, attachments in attachments.js.
 */
import { WebSocketServer } from 'ws';
import { AUTH_ERRORS } from './auth.js';
import { sessionPolicy } from './deployment.js';
import { ERRORS, envelope, errorFrame, isObject, messageId } from './frames.js';

/**
 * @typedef {import('./sessions.js').Session} Session
 * @typedef {import('./index.js').ServerContext} ServerContext
 * @typedef {Record<string, any>} Request
 * @typedef {(ws: import('ws').WebSocket, session: Session, request: Request) => void} SessionAction
 */

/**
 * @param {ServerContext} ctx
 * @param {Record<string, SessionAction>} sessionActions what a configured socket may do besides the lifecycle
 */
export function createSocketServer(ctx, sessionActions) {
  const wss = new WebSocketServer({ noServer: true });
  /** @type {WeakMap<import('ws').WebSocket, Session>} the session each configured socket belongs to */
  const configured = new WeakMap();

  /**
   * @param {import('node:stream').Duplex} socket
   * @param {number} status
   * @param {string} text
   */
  const refuse = (socket, status, text) => {
    // A client may reset the connection before reading the answer: not the server's error.
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  /**
   * @param {import('ws').WebSocket} ws
   * @param {Session} session
   */
  function attach(ws, session) {
    const previous = configured.get(ws);
    if (previous && previous !== session) previous.sockets.delete(ws);
    configured.set(ws, session);
    session.sockets.add(ws);
  }

  /** @param {import('ws').WebSocket} ws */
  function detach(ws) {
    configured.get(ws)?.sockets.delete(ws);
    configured.delete(ws);
  }

  /**
   * @param {Session} session
   * @param {boolean} newSession
   */
  const sessionResponse = (session, newSession) => ({
    connected: true,
    newSession,
    readOnly: session.readOnly,
    clearedExistingSession: false,
    ...sessionPolicy(ctx.settings),
    durationSeconds: ctx.settings.durationSeconds,
    expirationDate: Math.floor(session.expiresAtMs / 1000),
    autoStarted: false,
  });

  /**
   * configureSession and configureAuthenticatedSession (§2.2, §2.9): `user` is the authenticated
   * user (undefined: a guest).
   * @param {import('ws').WebSocket} ws
   * @param {Request} request
   * @param {string} [user]
   */
  function configure(ws, request, user) {
    const { token, deploymentId, tracingId } = request;
    const existing = request.startNew === true ? undefined : ctx.sessions.resumable(token);
    // An authenticated token cannot go back to guest; a session belongs to the user who authenticated it.
    if (existing?.user && !user) return ctx.send(ws, errorFrame(...AUTH_ERRORS.noGuestAfterAuth, tracingId));
    if (existing?.user && existing.user !== user) return ctx.send(ws, errorFrame(...AUTH_ERRORS.unauthorized, tracingId));
    const session = existing ?? ctx.sessions.create(token, deploymentId);
    session.user ??= user;
    attach(ws, session);
    ctx.send(ws, envelope('response', 'SessionResponse', sessionResponse(session, !existing), tracingId));
  }

  /**
   * The error frame for a configure request without its required fields, if so.
   * @param {Request} request
   */
  const configureRefusal = ({ token, deploymentId, tracingId }) => {
    if (typeof token !== 'string' || !token || typeof deploymentId !== 'string' || !deploymentId) {
      return errorFrame(ERRORS.missingParameter[0], `${ERRORS.missingParameter[1]}: token and deploymentId are required`, tracingId);
    }
    if (token.length > 2048 || deploymentId !== ctx.deploymentId) return errorFrame(...ERRORS.badRequest, tracingId);
    return undefined;
  };

  /** @type {Record<string, (ws: import('ws').WebSocket, request: Request) => void>} */
  const lifecycle = {
    configureSession(ws, request) {
      const refusal = configureRefusal(request);
      if (refusal) return ctx.send(ws, refusal);
      configure(ws, request);
    },
    configureAuthenticatedSession(ws, request) {
      const refusal = configureRefusal(request);
      if (refusal) return ctx.send(ws, refusal);
      if (!ctx.settings.authEnabled) return ctx.send(ws, errorFrame(...ERRORS.featureUnavailable, request.tracingId));
      // `data.code` carries the JWT of the code exchange, not the OAuth code (§2.9).
      const user = ctx.auth.userOf(isObject(request.data) ? request.data.code : undefined);
      if (!user) return ctx.send(ws, errorFrame(...AUTH_ERRORS.unauthorized, request.tracingId));
      configure(ws, request, user);
    },
  };

  /** @type {Record<string, SessionAction>} */
  const configuredActions = {
    ...sessionActions,
    echo(ws, session, request) {
      const text = isObject(request.message) && typeof request.message.text === 'string' ? request.message.text : 'ping';
      const body = {
        type: 'Text',
        text,
        direction: 'Inbound',
        id: messageId(),
        metadata: { durationSeconds: String(ctx.settings.durationSeconds), expirationDate: String(Math.floor(session.expiresAtMs / 1000)) },
      };
      ctx.send(ws, envelope('response', 'StructuredMessage', body, request.tracingId));
    },
    getJwt(ws, session, request) {
      const { jwt, exp } = ctx.issuer.sign(session.id, ctx.deploymentId);
      session.issuedJwts.push(jwt);
      ctx.send(ws, envelope('response', 'JwtResponse', { jwt, exp }, request.tracingId));
    },
    getConfiguration(ws, session, request) {
      const body = { ...sessionPolicy(ctx.settings), messageRoutingEnabled: true, sessionDurationSeconds: ctx.settings.durationSeconds };
      ctx.send(ws, envelope('response', 'GetConfigurationResponse', body, request.tracingId));
    },
    closeSession(ws, session, request) {
      session.closed = true;
      for (const other of [...session.sockets]) {
        if (other === ws || request.closeAllConnections === false) continue;
        ctx.send(other, envelope('message', 'ConnectionClosedEvent', {}));
        detach(other);
      }
      detach(ws);
      ctx.send(ws, envelope('response', 'SessionResponse', { ...sessionResponse(session, false), connected: false }, request.tracingId));
    },
  };

  /**
   * @param {import('ws').WebSocket} ws
   * @param {import('ws').RawData} data
   */
  function onFrame(ws, data) {
    /** @type {any} */
    let request;
    try {
      request = JSON.parse(String(data));
    } catch {
      return ctx.send(ws, errorFrame(...ERRORS.badRequest));
    }
    if (!isObject(request) || typeof request.action !== 'string') return ctx.send(ws, errorFrame(...ERRORS.badRequest));
    const tracingId = typeof request.tracingId === 'string' ? request.tracingId : undefined;
    const normalized = { ...request, tracingId };
    if (lifecycle[request.action]) return lifecycle[request.action](ws, normalized);
    const action = configuredActions[request.action];
    if (!action) return ctx.send(ws, errorFrame(...ERRORS.badRequest, tracingId));
    const session = configured.get(ws);
    // The code for "not configured yet" is not documented [U]: 4007, session not found.
    if (!session || session.closed || session.token !== request.token) return ctx.send(ws, errorFrame(...ERRORS.sessionNotFound, tracingId));
    if (ctx.sessions.isExpired(session)) {
      session.expired = true;
      return ctx.send(ws, envelope('message', 'SessionExpiredEvent', {}, tracingId));
    }
    action(ws, session, normalized);
  }

  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     */
    upgrade(req, socket, head) {
      const url = new URL(req.url || '/', 'http://localhost');
      if (url.pathname !== '/v1') return refuse(socket, 404, 'Not Found');
      // An unknown deployment is refused on the upgrade: the mobile SDK reads 403 as "check the deploymentId" (§1).
      if (url.searchParams.get('deploymentId') !== ctx.deploymentId) return refuse(socket, 403, 'Forbidden');
      const origin = req.headers.origin;
      if (ctx.allowedOrigins && !(origin && ctx.allowedOrigins.includes(origin))) return refuse(socket, 403, 'Forbidden');
      if (ctx.now() < ctx.refuseUntil()) return refuse(socket, 503, 'Service Unavailable');
      wss.handleUpgrade(req, socket, head, (ws) => {
        ctx.connections.add(ws);
        ws.on('message', (data, isBinary) => {
          if (isBinary) ctx.send(ws, errorFrame(...ERRORS.badRequest));
          else onFrame(ws, data);
        });
        const forget = () => {
          detach(ws);
          ctx.connections.delete(ws);
        };
        ws.on('close', forget);
        ws.on('error', forget);
      });
    },
    /** @param {import('ws').WebSocket} ws */
    detach,
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
