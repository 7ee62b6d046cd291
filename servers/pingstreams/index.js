// Local, protocol-faithful Pingstreams server (Tiledesk-wire-compatible REST + realtime WebSocket),
// used by the contract tests, the transport tests, the e2e tests and the demo. Loopback only.
// Wire facts: shared/protocols/pingstreams.md.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createAuth } from './auth.js';
import { createDemoBot } from './bot.js';
import { signJwt } from './jwt.js';
import { createRealtime } from './realtime.js';
import { createRoutes } from './routes.js';
import { createUploads, MAX_UPLOAD } from './uploads.js';
import { createState } from './state.js';
import { createTestRoutes } from './test-routes.js';

const HOST = '127.0.0.1';
const MAX_BODY = 1 << 20;

/**
 * @typedef {object} PingstreamsServerOptions
 * @property {number} [port] Port to listen on (default 0: any free port).
 * @property {string} [projectId] 24-hex project id (default `65c0ffee65c0ffee65c0ffee`).
 * @property {string} [projectSecret] The project's "Visitor Authentication" secret for custom JWTs.
 * @property {string} [apiPath] Path prefix of the REST API (default `/v3`, like Tiledesk's cloud URL).
 * @property {string} [wsPath] Path of the realtime WebSocket (default `/`).
 * @property {number} [heartbeatMs] Server ping interval (default 30 000, as upstream).
 * @property {() => number} [now] Server clock (JWT `exp` checks and timestamps); tests move it forward.
 * @property {Array<{ email: string, password: string, firstname: string, lastname: string, role: string }>} [users]
 *   Registered users and their project role (default: one agent, one registered visitor).
 * @property {boolean} [demoBot] The demo bot answers "menu" with buttons (./bot.js; default true).
 */

/**
 * @typedef {object} SeenRequest What the server received (for contract assertions).
 * @property {string} method
 * @property {string} path Path below the API base, with the query string.
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} raw Raw body.
 * @property {unknown} body Parsed body (JSON or form), undefined when empty.
 * @property {number} status Answer status.
 */

export const DEFAULT_USERS = [
  { email: 'agent@pingstreams.test', password: 'agent-password', firstname: 'Ada', lastname: 'Agent', role: 'agent' },
  { email: 'visitor@pingstreams.test', password: 'visitor-password', firstname: 'Vera', lastname: 'Visitor', role: 'user' },
];

/**
 * Starts the server on 127.0.0.1.
 * @param {PingstreamsServerOptions} [opts]
 */
export async function startPingstreamsServer(opts = {}) {
  const projectId = opts.projectId ?? '65c0ffee65c0ffee65c0ffee';
  const projectSecret = opts.projectSecret ?? randomBytes(16).toString('hex');
  const globalSecret = randomBytes(16).toString('hex');
  const apiPath = (opts.apiPath ?? '/v3').replace(/\/+$/, '');
  const wsPath = opts.wsPath ?? '/';
  const now = opts.now ?? Date.now;
  const users = opts.users ?? DEFAULT_USERS;
  let wsRefused = false;
  /** @type {SeenRequest[]} */
  const seen = [];

  /** @type {import('./state.js').Publish} */
  const publish = (topic, method, message) => realtime.publish(topic, method, message);
  const state = createState({ projectId, now, users, publish });
  const auth = createAuth({ projectId, projectSecret, globalSecret, now, state });
  const route = createRoutes({ projectId, globalSecret, now, state, auth });
  const uploads = createUploads(auth);
  const realtime = createRealtime({ projectId, wsPath, heartbeatMs: opts.heartbeatMs ?? 30_000, state, auth, refused: () => wsRefused });

  /**
   * Mints a custom visitor JWT the way a site's backend does (§2.4).
   * @param {Record<string, unknown>} claims must include `_id`
   * @param {{ expiresInSec?: number }} [o]
   */
  const mintToken = (claims, o = {}) => signJwt({
    sub: 'userexternal', aud: `https://pingstreams.com/projects/${projectId}`, iat: Math.floor(now() / 1000),
    ...(o.expiresInSec !== undefined && { exp: Math.floor(now() / 1000) + o.expiresInSec }), ...claims,
  }, projectSecret);

  const agentUser = () => state.agents()[0];
  /** @param {string} rid */
  const requestOrThrow = (rid) => {
    const r = state.requests.get(rid);
    if (!r) throw new Error(`no request ${rid}`);
    return r;
  };

  /** The agent side, for tests and the demo's operator console. */
  const agent = {
    /** @param {string} requestId @param {string} text @param {{ name?: string }} [o] */
    say(requestId, text, o = {}) {
      const a = agentUser();
      return state.addMessage(requestOrThrow(requestId), {
        sender: a._id, senderFullname: o.name ?? `${a.firstname} ${a.lastname}`, text, status: 100,
      });
    },
    /** @param {string} requestId @param {string} name */
    join: (requestId, name) => state.join(requestOrThrow(requestId), name),
    /** @param {string} requestId */
    close: (requestId) => state.closeRequest(requestOrThrow(requestId), agentUser()._id),
    /** @param {boolean} available */
    setAvailable(available) {
      for (const u of state.agents()) {
        const pu = state.projectUsers.get(u._id);
        if (pu) pu.user_available = available;
      }
    },
  };

  const bot = createDemoBot(state);
  const testRoute = createTestRoutes({ state, agent, bot, mintToken, setRefused: (b) => { wsRefused = b; }, dropSockets: () => realtime.dropAll() });

  /**
   * The demo bot reads every message a visitor posted.
   * @param {string} method @param {string} path @param {any} body
   */
  const answerAsBot = (method, path, body) => {
    const posted = /^\/[^/]+\/requests\/([^/]+)\/messages$/.exec(path);
    const request = posted && method === 'POST' && state.requests.get(posted[1]);
    if (request && body && typeof body === 'object' && typeof body.sender !== 'string') bot.onVisitorMessage(request, body);
  };

  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      // Uploads may be larger (they answer 413 themselves above their limit).
      if (size > (/\/(images|files)\/users$/.test(req.url ?? '') ? MAX_UPLOAD + 65536 : MAX_BODY)) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${HOST}`);
      // CORS like the upstream `cors()` middleware, so a demo page on another port can call the API.
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE',
          'Access-Control-Allow-Headers': 'Authorization,Content-Type',
          'Access-Control-Max-Age': '600',
        });
        return res.end();
      }
      const bytes = Buffer.concat(chunks);
      if (url.pathname.startsWith(apiPath + '/')) {
        const upload = uploads.route(req.method ?? 'GET', url.pathname.slice(apiPath.length), url.searchParams, req.headers, bytes);
        if (upload) {
          if (Buffer.isBuffer(upload.body)) {
            res.writeHead(upload.status, upload.headers);
            return res.end(upload.body);
          }
          return send(res, upload.status, upload.body);
        }
      }
      const raw = bytes.toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      /** @type {unknown} */
      let body;
      try {
        body = !raw ? undefined : type.includes('json') ? JSON.parse(raw)
          : type.includes('urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : raw;
      } catch {
        return send(res, 400, { success: false, msg: 'Invalid JSON' });
      }
      const method = req.method ?? 'GET';
      let answer;
      if (url.pathname.startsWith('/test/')) {
        answer = testRoute(method, url.pathname.slice(5), body);
      } else if (url.pathname === apiPath || url.pathname.startsWith(apiPath + '/')) {
        const path = url.pathname.slice(apiPath.length) || '/';
        answer = route({ method, path, query: url.searchParams, headers: req.headers, raw, body });
        if (answer.status === 200 && opts.demoBot !== false) answerAsBot(method, path, body);
        seen.push({ method, path: path + url.search, headers: req.headers, raw, body, status: answer.status });
        // A long-running demo server keeps only the latest calls.
        if (seen.length > 2000) seen.splice(0, 1000);
      } else {
        answer = { status: 404, body: `Cannot ${method} ${url.pathname}` };
      }
      send(res, answer.status, answer.body);
    });
  });
  /** WebSocket upgrade requests received (refused ones too). */
  let upgrades = 0;
  server.on('upgrade', (req, socket, head) => {
    upgrades++;
    realtime.upgrade(req, socket, head);
  });

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
  function send(res, status, body) {
    const text = typeof body === 'string';
    res.writeHead(status, { 'Content-Type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
    res.end(text ? body : JSON.stringify(body));
  }

  const listen = (/** @type {number} */ port) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      listening = true;
      realtime.resume();
      resolve(undefined);
    });
  });
  let listening = false;
  const close = () => new Promise((resolve) => {
    realtime.pause();
    if (!listening) return resolve(undefined);
    listening = false;
    server.closeAllConnections();
    server.close(() => resolve(undefined));
  });

  await listen(opts.port ?? 0);
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://${HOST}:${port}`;

  return {
    url,
    /** REST base (the client's `APIURL`), no trailing slash. */
    apiUrl: url + apiPath,
    /** Realtime WebSocket URL (add `?token=`). */
    wsUrl: `ws://${HOST}:${port}${wsPath}`,
    port,
    projectId,
    projectSecret,
    /** Seeded agent and registered visitor credentials. */
    users: users.map(({ email, password, role }) => ({ email, password, role })),
    agent,
    mintToken,
    requests: () => [...state.requests.values()].map(state.populated),
    /** @param {string} requestId */
    messages: (requestId) => state.messagesOf(requestId),
    /** Every API call received so far, oldest first. */
    seen: () => seen.slice(),
    /** How many WebSocket upgrade requests arrived (refused ones too). */
    streamRequests: () => upgrades,
    /** The uploaded files (`files()`: [storage path, {name, type, bytes}]; `setFailUploads(b)`). */
    uploads,
    /** Terminates every open WebSocket (a network drop). */
    dropSockets: () => realtime.dropAll(),
    /** While true, WebSocket upgrades are refused (503). @param {boolean} refused */
    setWebSocketRefused(refused) {
      wsRefused = refused;
    },
    /** Closes every connection (if still up) and listens again on the same port; state and secrets survive. */
    async restart() {
      await close();
      await listen(port);
    },
    /** Closes the server and every connection (`restart()` brings it back). */
    stop: close,
  };
}

/** @typedef {Awaited<ReturnType<typeof startPingstreamsServer>>} PingstreamsServer */

// `node servers/pingstreams/index.js [port]`: run it on its own (prints what a page needs).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const srv = await startPingstreamsServer({ port: Number(process.argv[2] ?? process.env.PORT ?? 0) });
  console.log(JSON.stringify({ apiUrl: srv.apiUrl, wsUrl: srv.wsUrl, projectId: srv.projectId, projectSecret: srv.projectSecret, users: srv.users }, null, 2));
}
