#!/usr/bin/env node
// The demo: one process on 127.0.0.1 (PORT, default 5173) serving the built widget (`/parley.js`), the demo
// host page (`/`, from index.html), the operator console (`/operator.html`, from public/) and, on the same
// origin, an embedded PocketPing server (`/pocketping`, WebSocket `/pocketping/stream`, control `/test/*`).
// `npm start` builds first. `/?backend=genesys` and `/?backend=pingstreams` switch the page to the local Genesys
// guest chat or Pingstreams server (started on first use, on their own ports, cross-origin like the real ones);
// the operator console drives PocketPing only. Another backend: add an entry to BACKENDS below.

import http from 'node:http';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { startPocketPingServer } from './pocketping/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.PORT ?? 5173);
const HOST = '127.0.0.1';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

// The PocketPing server listens on a private port; this process forwards its paths (HTTP and WebSocket).
const pocketping = await startPocketPingServer({
  port: 0,
  welcomeMessage: 'Hi! 👋 Ask us anything: an operator answers from the console.',
  log: process.env.DEBUG ? true : false,
});
const PROXIED = /^\/(pocketping|test)(\/|$)/;

/** @type {Promise<{ stop(): Promise<void> }>[]} servers started on demand, stopped on exit */
const running = [];
/** Starts a server once, on first use. @template {{ stop(): Promise<void> }} T @param {() => Promise<T>} start */
const lazy = (start) => {
  /** @type {Promise<T> | undefined} */
  let started;
  return () => {
    if (!started) running.push((started = start()));
    return started;
  };
};
const genesysServer = lazy(() =>
  import('./genesys/index.js').then((m) =>
    m.startGenesysServer({ autoAgent: { name: 'Alex', delayMs: 1200, greeting: 'Hi, Alex from Lumen Bikes here (an automatic Genesys agent). How can I help?' } }),
  ),
);
const pingstreamsServer = lazy(() => import('./pingstreams/index.js').then((m) => m.startPingstreamsServer()));

/**
 * Script-tag `data-*` attributes per backend (camelCase keys), given the page origin.
 * @type {Record<string, (origin: string) => Promise<Record<string, string>>>}
 */
const BACKENDS = {
  pocketping: async (origin) => ({ backend: 'pocketping', endpoint: `${origin}/pocketping` }),
  genesys: async () => {
    const g = await genesysServer();
    return { backend: 'genesys', apiUrl: g.apiUrl, organizationId: 'lumen-demo-org', deploymentId: 'lumen-demo-deployment', queue: 'Support' };
  },
  pingstreams: async () => {
    const p = await pingstreamsServer();
    return { backend: 'pingstreams', apiUrl: p.apiUrl, projectId: p.projectId };
  },
};

/** @param {string} s */
const escapeAttr = (s) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** index.html with the widget's script tag for the chosen backend. @param {URL} url @param {string} origin */
async function hostPage(url, origin) {
  const name = url.searchParams.get('backend') ?? 'pocketping';
  const attrs = await (BACKENDS[name] ?? BACKENDS.pocketping)(origin);
  const data = Object.entries(attrs).map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}="${escapeAttr(v)}"`).join('');
  const html = await readFile(join(ROOT, 'index.html'), 'utf8');
  const note = !BACKENDS[name]
    ? `<p class="notice">Backend “${escapeAttr(name)}” is not wired into the demo; showing PocketPing.</p>`
    : name !== 'pocketping'
      ? `<p class="notice">Backend: ${escapeAttr(name)} (local server). The operator console answers PocketPing chats only.</p>`
      : '';
  // dist/parley.js ships PocketPing; another backend comes from its npm ESM entry (served at /npm/) and
  // is registered before init, as a site using the script tag with Genesys or Pingstreams would.
  const widget =
    attrs.backend === 'pocketping'
      ? `<script src="/parley.js" defer${data}></script>`
      : `<script src="/parley.js" defer></script>\n<script type="module">import { ${attrs.backend} } from '/npm/${attrs.backend}.js';` +
        `Parley.registerBackend('${attrs.backend}', ${attrs.backend});Parley.init(${JSON.stringify(attrs).replace(/</g, '\\u003c')});</script>`;
  return html.replace('<!--PARLEY-->', widget).replace('<!--NOTICE-->', note);
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function proxy(req, res) {
  const upstream = http.request({ host: HOST, port: pocketping.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('PocketPing server unavailable');
  });
  req.pipe(upstream);
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
async function serve(req, res) {
  const origin = `http://${req.headers.host ?? `${HOST}:${PORT}`}`;
  const url = new URL(req.url ?? '/', origin);
  if (PROXIED.test(url.pathname)) return proxy(req, res);
  /** @type {string | Buffer} */
  let body;
  let file = url.pathname;
  if (file === '/' || file === '/index.html') {
    body = await hostPage(url, origin);
    file = '/index.html';
  } else if (/^\/parley(-\w+)?\.js$/.test(file)) {
    // The widget and the backend files it fetches next to it (parley-<backend>.js).
    body = await readFile(join(ROOT, 'dist', file));
  } else if (/^\/npm\/[\w.-]+\.js$/.test(file)) {
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
  console.log(`Parley demo\n  host page:        ${base}/\n  operator console: ${base}/operator.html\n  PocketPing:       ${base}/pocketping (WebSocket ${base.replace('http', 'ws')}/pocketping/stream)`);
});

const shutdown = async () => {
  server.closeAllConnections();
  server.close();
  await Promise.allSettled([pocketping.stop(), ...running.map((p) => p.then((s) => s.stop()))]);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
