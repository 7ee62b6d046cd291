// A local, protocol-faithful PocketPing server: sdk-node 1.1.0's PocketPing behind an Express-like app on
// node:http (see /work/shared/protocols/pocketping.md), plus test switches and the `/test/*` control surface.
// Loopback only.

import http from 'node:http';
import { createControl, OPERATOR_STREAM_PATH } from './control.js';
import { jsonBodyParser, notFound } from './express.js';
import { createFileStore, FILES_PATH } from './file-store.js';
import { CORS_HEADERS, setCors } from './middleware.js';
import { PocketPing } from './pocketping.js';
import { rejectUpgrade, upgradePath, WS_PATH } from './stream.js';

export { PocketPing } from './pocketping.js';
export { WS_PATH } from './stream.js';
export { MemoryStorage, generateId } from './storage.js';

/**
 * @typedef {import('./pocketping.js').PocketPingConfig & {
 *   port?: number, host?: string, mount?: string, refuseWebSocket?: boolean, control?: boolean,
 *   authorize?: (authorization: string | undefined) => boolean, saasUploads?: boolean
 * }} PocketPingServerOptions
 * `port` 0 = any free port; `host` must be a loopback address; `mount` is the HTTP prefix (the WebSocket stays
 * at `/pocketping/stream` whatever it is, like sdk-node); `refuseWebSocket` answers every upgrade with HTTP 400
 * to force clients onto polling; `control` mounts `/test/*` (see control.js); `authorize` puts the HTTP routes
 * behind a site's own auth layer, as sites that protect their endpoint do (sdk-node itself has none, sheet §1):
 * it sees each request's `Authorization` header and a `false` answers `401 {"error":"Unauthorized"}`; the
 * layer's CORS also allows the `Authorization` header. The WebSocket stays as sdk-node has it (no auth).
 * Uploads are stored for real (file-store.js): `uploadBaseUrl` defaults to `{url}/files`; `saasUploads` also
 * mounts the SaaS upload routes `/upload` and `/upload/complete`.
 */

/**
 * @typedef {object} PocketPingServer
 * @property {string} url `http://127.0.0.1:PORT`
 * @property {string} endpoint `url + mount`, what clients are given
 * @property {number} port
 * @property {PocketPing} pp the sdk-node-like instance (server API of sheet §9)
 * @property {() => import('./storage.js').Session[]} sessions
 * @property {(sessionId: string) => import('./storage.js').Message[]} messages stored rows, duplicates included
 * @property {() => import('./pocketping.js').CustomEvent[]} events custom events received from clients
 * @property {(refused: boolean) => void} setWebSocketRefused
 * @property {(quirks: Partial<import('./pocketping.js').Quirks>) => void} setQuirks
 * @property {(ips: string[]) => void} setIpBlocklist
 * @property {() => void} dropSockets terminates every stream socket; HTTP keeps running
 * @property {() => number} streamRequests how many upgrade requests for the visitor stream arrived (refused ones too)
 * @property {ReturnType<typeof createFileStore>} files the uploaded bytes (`file(id)`, `setFailPuts(b)`)
 * @property {() => void} reset forgets sessions, messages, uploads and received events
 * @property {() => Promise<void>} stop closes sockets and the HTTP server; storage is kept
 * @property {() => Promise<void>} restart stop, then listen again on the same port with the same storage
 * @property {() => Promise<void>} close alias of stop
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Starts a PocketPing server on loopback.
 * @param {PocketPingServerOptions} [options]
 * @returns {Promise<PocketPingServer>}
 */
export async function startPocketPingServer(options = {}) {
  const { port = 0, host = '127.0.0.1', mount = '/pocketping', refuseWebSocket = false, control = true, authorize, saasUploads = false, ...config } = options;
  if (!LOOPBACK.has(host)) throw new Error(`PocketPing test server listens on loopback only, not ${host}`);
  const pp = new PocketPing(config);
  const middleware = pp.middleware();
  const ctl = control ? createControl(pp) : null;
  const files = createFileStore(pp);
  const mountPath = mount.replace(/\/+$/, '');
  let refused = refuseWebSocket;

  /** Express-style prefix match: case-insensitive, on a segment boundary. @param {string} path */
  const mounted = (path) => {
    const p = path.toLowerCase();
    const m = mountPath.toLowerCase();
    return p === m || p.startsWith(`${m}/`);
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function onRequest(req, res) {
    pp.log(req.method, req.url);
    res.setHeader('X-Powered-By', 'Express');
    const [path, qs = ''] = (req.url ?? '/').split('?');
    if (ctl && path.startsWith('/test/')) return ctl.handle(req, res, path.slice('/test/'.length), qs);
    if (path.startsWith(FILES_PATH)) return files.handle(req, res, decodeURIComponent(path.slice(FILES_PATH.length)));
    if (!(await jsonBodyParser(req, res))) return;
    if (!mounted(path)) return notFound(req, res);
    if (saasUploads && (await files.handleSaas(req, res, path.slice(mountPath.length)))) return;
    if (authorize) {
      const preflight = req.method === 'OPTIONS';
      if (preflight || !authorize(req.headers.authorization)) {
        setCors(res);
        res.setHeader('Access-Control-Allow-Headers', `${CORS_HEADERS['Access-Control-Allow-Headers']}, Authorization`);
        res.statusCode = preflight ? 204 : 401;
        if (!preflight) res.setHeader('Content-Type', 'application/json');
        return res.end(preflight ? undefined : JSON.stringify({ error: 'Unauthorized' }));
      }
    }
    const originalUrl = req.url;
    req.url = (path.slice(mountPath.length) || '/') + (qs ? `?${qs}` : '');
    await middleware(req, res, () => {
      req.url = originalUrl;
      notFound(req, res);
    });
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      pp.log('request failed', e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  /** Upgrade requests for the visitor stream received (refused ones too). */
  let streamRequests = 0;
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    const path = upgradePath(req);
    if (path === WS_PATH) streamRequests++;
    if (ctl && path === OPERATOR_STREAM_PATH) ctl.handleUpgrade(req, socket, head);
    else if (refused || path !== WS_PATH) rejectUpgrade(socket);
    else pp.handleUpgrade(req, socket, head);
  });

  /** @param {number} p */
  const listen = (p) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
      });
    });

  const boundPort = /** @type {number} */ (await listen(port));
  const url = `http://${host === '::1' ? '[::1]' : host}:${boundPort}`;
  pp.config.uploadBaseUrl ??= url + FILES_PATH.replace(/\/$/, '');

  async function stop() {
    pp.shutdown();
    ctl?.close();
    if (!server.listening) return;
    await new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    });
    // Let in-process clients (Node's fetch keeps connections alive) see the FINs before anyone reuses a pooled
    // connection; otherwise the first request after restart() fails with "other side closed".
    await new Promise((resolve) => setTimeout(resolve, 30));
  }

  return {
    url,
    endpoint: url + mountPath,
    port: boundPort,
    pp,
    files,
    sessions: () => [...pp.storage.sessions.values()],
    messages: (sessionId) => [...(pp.storage.messages.get(sessionId) ?? [])],
    events: () => [...pp.receivedEvents],
    setWebSocketRefused: (value) => {
      refused = value;
    },
    setQuirks: (quirks) => {
      Object.assign(pp.config.quirks, quirks);
    },
    setIpBlocklist: (ips) => {
      pp.config.ipBlocklist = [...ips];
    },
    dropSockets: () => pp.dropSockets(),
    streamRequests: () => streamRequests,
    reset: () => {
      pp.storage.clear();
      files.clear();
      pp.receivedEvents.length = 0;
    },
    stop,
    restart: async () => {
      await stop();
      await listen(boundPort);
    },
    close: stop,
  };
}
