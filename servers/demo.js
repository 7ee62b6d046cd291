#!/usr/bin/env node
// The demo: one process on 127.0.0.1 (PORT, default 5173) serving the built widget (`/parley.js` and the backend
// files it fetches on demand, `/parley-<backend>.js`), the demo host page (`/`, from index.html), the operator
// console (`/operator.html`, from public/) and, on the same origin, an embedded PocketPing server (`/pocketping`,
// WebSocket `/pocketping/stream`, control `/test/*`).
// The PocketPing page takes files (stored by the embedded server, served back under `/files`) and asks for an e-mail
// address while no operator is online (a pre-chat form with `when: 'away'`); every page turns all notifications on.
// `npm start` builds first. `/?backend=genesys`, `/?backend=genesys-messaging` and `/?backend=pingstreams` switch the
// page (by name, as a site would: `data-backend="…"`) to the local Genesys guest chat, Genesys Web Messaging or
// Pingstreams server, which listen on their own ports, cross-origin like the real ones; their agent-side control APIs
// are forwarded under `/ops/genesys/*`, `/ops/genesys-messaging/*` and `/ops/pingstreams/*` for the operator console
// (`/operator.html?backend=…`). `/?backend=pingstreams&auth=jwt`
// signs the visitor in with a custom JWT from this server's `/token` endpoint (60 s tokens, renewed while chatting).
// Another backend: add an entry to BACKENDS below.

import http from 'node:http';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startGenesysMessagingServer } from './genesys-messaging/index.js';
import { startGenesysServer } from './genesys/index.js';
import { startPingstreamsServer } from './pingstreams/index.js';
import { startPocketPingServer } from './pocketping/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.PORT ?? 5173);
const HOST = '127.0.0.1';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

// The PocketPing server listens on a private port; this process forwards its paths (HTTP and WebSocket).
const pocketping = await startPocketPingServer({
  port: 0,
  welcomeMessage: 'Hi! 👋 Ask us anything: an operator answers from the console.',
  // The console's operator is there from the start (its "I'm online" box), so the widget does not say "Away".
  operatorOnline: true,
  // Uploads are stored by the PocketPing server and reached through this origin (`/files`, proxied below).
  uploadBaseUrl: `http://${HOST}:${PORT}/files`,
  log: process.env.DEBUG ? true : false,
});
const PROXIED = /^\/(pocketping|test|files)(\/|$)/;

// The other servers run from the start, so the operator console can list their conversations at once.
const [genesys, genesysMessaging, pingstreams] = await Promise.all([
  startGenesysServer({
    autoAgent: { name: 'Alex', delayMs: 1200, greeting: 'Hi, Alex from Lumen Bikes here. How can I help? (The operator console answers as Alex.)' },
  }),
  startGenesysMessagingServer({
    deploymentId: 'lumen-demo-deployment',
    bot: { nickname: 'Lumen Bot', delayMs: 1200, greeting: 'Hi from Lumen Bikes! An agent joins from the operator console.' },
  }),
  startPingstreamsServer(),
]);
/** Control APIs forwarded to the other servers: path prefix → [port, path prefix there]. */
const OPS = {
  '/ops/genesys/': [genesys.port, '/test/'],
  '/ops/genesys-messaging/': [genesysMessaging.port, '/test/'],
  '/ops/pingstreams/': [pingstreams.port, '/test/'],
};

// The site's token endpoint for `?auth=jwt` (the token-provider contract, src/auth/token-provider.ts): a real site
// would check its own login; the demo has one signed-in user. Short-lived tokens, so renewal happens during a chat.
const TOKEN_LIFE_SEC = 60;
const SITE_USER = { _id: 'demo-dana', firstname: 'Dana', lastname: 'Demo', email: 'dana@example.com' };
/** @type {Set<string>} refresh tokens handed out and not used yet */
const refreshTokens = new Set();

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
async function tokenEndpoint(req, res) {
  let raw = '';
  for await (const chunk of req) if ((raw += chunk).length > 4096) break;
  const form = new URLSearchParams(raw);
  const grant = form.get('grant_type');
  const json = (/** @type {number} */ status, /** @type {unknown} */ body) =>
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  if (req.method !== 'POST' || (grant !== 'client_credentials' && grant !== 'refresh_token')) return json(400, { error: 'unsupported_grant_type' });
  if (grant === 'refresh_token' && !refreshTokens.delete(form.get('refresh_token') ?? '')) return json(401, { error: 'invalid_grant' });
  const refresh = randomBytes(16).toString('hex');
  refreshTokens.add(refresh);
  // (The token itself is never logged.)
  console.log(`${new Date().toLocaleTimeString()}  /token: ${grant} → a ${TOKEN_LIFE_SEC} s Pingstreams JWT for ${SITE_USER.firstname} ${SITE_USER.lastname}`);
  json(200, { access_token: pingstreams.mintToken(SITE_USER, { expiresInSec: TOKEN_LIFE_SEC }), token_type: 'bearer', expires_in: TOKEN_LIFE_SEC, refresh_token: refresh });
}

/** The demo's pre-chat form: only while no operator is online (`when: 'away'`). */
const AWAY_FORM = { fields: [{ name: 'name' }, { name: 'email', type: 'email', required: true }], when: 'away' };
/** Every notification on, so the window offers "Turn on notifications" (desktop notices are asked for from there only). */
const NOTIFICATIONS = { title: true, sound: true, desktop: true };

/**
 * Script-tag `data-*` attributes per backend (camelCase keys), given the page origin and URL.
 * @type {Record<string, (origin: string, url: URL) => Record<string, string>>}
 */
const BACKENDS = {
  // PocketPing tells whether an operator is online: while none is (untick "I'm online" in the console), opening the
  // chat asks for an e-mail address first, with the message to leave.
  pocketping: (origin) => ({ backend: 'pocketping', endpoint: `${origin}/pocketping`, preChat: JSON.stringify(AWAY_FORM) }),
  genesys: () => ({ backend: 'genesys', apiUrl: genesys.apiUrl, organizationId: 'lumen-demo-org', deploymentId: 'lumen-demo-deployment', queue: 'Support' }),
  'genesys-messaging': () => ({
    backend: 'genesys-messaging',
    deploymentId: genesysMessaging.deploymentId,
    wsUrl: genesysMessaging.wsUrl,
    apiUrl: genesysMessaging.apiUrl,
  }),
  pingstreams: (origin, url) => ({
    backend: 'pingstreams',
    apiUrl: pingstreams.apiUrl,
    projectId: pingstreams.projectId,
    ...(url.searchParams.get('auth') === 'jwt' && { tokenUrl: `${origin}/token` }),
  }),
};

/** @param {string} s */
const escapeAttr = (s) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** index.html with the widget's script tag for the chosen backend. @param {URL} url @param {string} origin */
async function hostPage(url, origin) {
  const asked = url.searchParams.get('backend') ?? 'pocketping';
  const name = BACKENDS[asked] ? asked : 'pocketping';
  const attrs = { ...BACKENDS[name](origin, url), notifications: JSON.stringify(NOTIFICATIONS) };
  const data = Object.entries(attrs).map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}="${escapeAttr(v)}"`).join('');
  const html = await readFile(join(ROOT, 'index.html'), 'utf8');
  const note = !BACKENDS[asked]
    ? `<p class="notice">Backend “${escapeAttr(asked)}” is not wired into the demo; showing PocketPing.</p>`
    : name !== 'pocketping'
      ? `<p class="notice">Backend: ${name} (local server)${attrs.tokenUrl ? `, signed in as ${SITE_USER.firstname} ${SITE_USER.lastname} with a custom JWT from <code>/token</code> (${TOKEN_LIFE_SEC} s tokens, renewed while you chat)` : ''}. Answer as the agent from the <a href="/operator.html?backend=${name}" target="_blank" rel="noopener">operator console</a>.${name === 'pingstreams' ? ' Write “menu” in the chat: the demo bot answers with buttons.' : ''}</p>`
      : '<p class="notice">Attach a file or an image with the paper clip, or drop one onto the chat window. Untick “I’m online” in the operator console and open the chat again: it asks for an e-mail address first (the away form).</p>';
  // Every backend by name: parley.js fetches `/parley-<backend>.js` (next to itself) when the widget needs it.
  return html
    .replace('<!--PARLEY-->', `<script src="/parley.js" defer${data}></script>`)
    .replace('<!--NOTICE-->', note)
    .replaceAll('href="/operator.html"', `href="/operator.html?backend=${name}"`);
}

/**
 * Forwards a request to a local server.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {number} port @param {string} path
 */
function proxy(req, res, port, path) {
  const upstream = http.request({ host: HOST, port, method: req.method, path, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('server unavailable');
  });
  req.pipe(upstream);
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
async function serve(req, res) {
  const origin = `http://${req.headers.host ?? `${HOST}:${PORT}`}`;
  const url = new URL(req.url ?? '/', origin);
  if (PROXIED.test(url.pathname)) return proxy(req, res, pocketping.port, req.url ?? '/');
  const ops = Object.entries(OPS).find(([prefix]) => url.pathname.startsWith(prefix));
  if (ops) return proxy(req, res, ops[1][0], ops[1][1] + (req.url ?? '').slice(ops[0].length));
  if (url.pathname === '/token') return tokenEndpoint(req, res);
  /** @type {string | Buffer} */
  let body;
  let file = url.pathname;
  if (file === '/' || file === '/index.html') {
    body = await hostPage(url, origin);
    file = '/index.html';
  } else if (/^\/parley(-[\w-]+)?\.js$/.test(file)) {
    // The widget and the backend files it fetches next to it (parley-<backend>.js).
    body = await readFile(join(ROOT, 'dist', file));
  } else if (/^\/[\w.-]+$/.test(file)) {
    body = await readFile(join(ROOT, 'public', file));
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  serve(req, res).catch((e) => {
    const missing = e && e.code === 'ENOENT';
    if (!res.headersSent) res.writeHead(missing ? 404 : 500, { 'Content-Type': 'text/plain' });
    res.end(missing ? (String(e.path).endsWith('parley.js') ? 'dist/parley.js is missing: run `npm run build`' : 'Not found') : 'Server error');
  });
});

// WebSocket upgrades (`/pocketping/stream`, `/test/operator-stream`) are piped byte for byte.
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  if (!PROXIED.test(req.url ?? '')) return socket.destroy();
  const up = net.connect(pocketping.port, HOST, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    up.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) up.write(head);
    socket.pipe(up).pipe(socket);
  });
  up.on('error', () => socket.destroy());
  socket.on('close', () => up.destroy());
});

server.listen(PORT, HOST, () => {
  const base = `http://${HOST}:${PORT}`;
  console.log(
    `Parley demo\n  host page:        ${base}/  (?backend=genesys, ?backend=genesys-messaging, ?backend=pingstreams, ?backend=pingstreams&auth=jwt)` +
      `\n  operator console: ${base}/operator.html  (?backend=… to answer Genesys or Pingstreams chats)` +
      `\n  PocketPing:       ${base}/pocketping (WebSocket ${base.replace('http', 'ws')}/pocketping/stream)` +
      `\n  Genesys:          ${genesys.apiUrl}\n  Web Messaging:    ${genesysMessaging.wsUrl} (REST ${genesysMessaging.apiUrl})` +
      `\n  Pingstreams:      ${pingstreams.apiUrl}`,
  );
});

const shutdown = async () => {
  server.closeAllConnections();
  server.close();
  await Promise.allSettled([pocketping.stop(), genesys.stop(), genesysMessaging.stop(), pingstreams.stop()]);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
