// The bench host page and a static server for it and dist/ (127.0.0.1, port 0).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const PAGE = (endpoint) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley bench</title>
<script src="/bench-probe.js"></script>
<script src="/dist/parley.js" defer data-backend="pocketping" data-endpoint="${endpoint}"></script>
</head><body><h1>Bench host</h1></body></html>`;

// Runs before the widget: timestamps, and helpers that look into the widget's shadow root.
const PROBE = `(() => {
  const b = window.__bench = { ready: false, firstFullMs: 0 };
  const host = () => document.querySelector('parley-chat') || [...document.querySelectorAll('*')].find((e) => e.shadowRoot && e.shadowRoot.querySelector('[role=log],button'));
  const root = () => host()?.shadowRoot;
  const log = () => root()?.querySelector('[role=log]');
  // Message rows are found by their text, so the probe does not depend on the UI's class names.
  b.has = (text) => !!log()?.textContent.includes(text);
  b.count = () => b.incoming ?? 0;
  b.lastText = () => (b.has('burst 199') ? 'burst 199' : '');
  let evalStart = 0, evalEnd = 0, launcher = 0, ready = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name.endsWith('/dist/parley.js')) evalStart = e.responseEnd; }).observe({ type: 'resource', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    evalEnd = performance.now();
    const open = new URLSearchParams(location.search).has('open');
    const api = window.Parley;
    api.on('ready', () => { ready = performance.now(); b.ready = true; });
    b.incoming = 0;
    api.on('message', () => b.incoming++);
    if (open) api.open();
    const poll = () => {
      if (!launcher && root()?.querySelector('button')) launcher = performance.now();
      if (open && !b.firstFullMs && b.has('history message 499')) b.firstFullMs = performance.now();
      if (!launcher || (open && !b.firstFullMs)) requestAnimationFrame(poll);
    };
    poll();
  });
  b.timings = () => ({ evalMs: Math.max(0, evalEnd - evalStart), launcherMs: launcher, readyMs: ready });
  b.openAndMeasure = () => new Promise((res) => { const t = performance.now(); window.Parley.open(); requestAnimationFrame(() => setTimeout(() => res(performance.now() - t))); });
})();`;

export async function startBenchPages(endpoint) {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/bench.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(endpoint));
      if (path === '/bench-probe.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(PROBE);
      if (/^\/dist\/parley(-[\w-]+)?\.js$/.test(path)) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(path.slice(1)));
      res.writeHead(404).end();
    } catch { res.writeHead(500).end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
