// The bench's host page, served on 127.0.0.1 (port 0): bench/host.html with 200 paragraphs, once without
// Parley (`/plain.html`, the baseline) and once with the script tag a site adds (`/parley.html`); plus the probe
// (bench/probe.js) and the built files (dist/parley*.js).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PARAGRAPH_COUNT = 200;
const SENTENCES = [
  'Our shop ships everywhere in the country within three working days.',
  'Every order can be returned within thirty days, no questions asked.',
  'The team answers questions by e-mail, by phone, and through the chat in the corner.',
  'Prices include taxes; delivery is free above fifty euros.',
  'Gift cards never expire and can be used for any product on this site.',
];

const fromRoot = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** 200 paragraphs in sections of ten, each a few sentences long. */
function paragraphs() {
  const parts = [];
  for (let index = 0; index < PARAGRAPH_COUNT; index++) {
    if (index % 10 === 0) parts.push(`<h2 id="part-${index / 10 + 1}">Part ${index / 10 + 1}</h2>`);
    const text = [0, 1, 2].map((offset) => SENTENCES[(index + offset) % SENTENCES.length]).join(' ');
    parts.push(`<p>${index + 1}. ${text}</p>`);
  }
  return parts.join('\n');
}

/** @param {string} template @param {boolean} withParley @param {string} endpoint */
function hostPage(template, withParley, endpoint) {
  const script = `<script src="/dist/parley.js" defer data-backend="pocketping" data-endpoint="${endpoint}"></script>`;
  return template
    .replace('{{WIDGET}}', withParley ? 'parley' : 'none')
    .replace('{{PARLEY}}', withParley ? script : '')
    .replace('{{PARAGRAPHS}}', paragraphs());
}

/**
 * @param {string} endpoint the PocketPing endpoint the widget is given
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startBenchPages(endpoint) {
  const template = await readFile(fromRoot('bench/host.html'), 'utf8');
  const pages = { '/plain.html': hostPage(template, false, endpoint), '/parley.html': hostPage(template, true, endpoint) };
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://bench').pathname;
    try {
      if (pages[path]) return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(pages[path]);
      if (path === '/bench/probe.js') return response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(await readFile(fromRoot('bench/probe.js')));
      // Parley's files are cached like a site's static assets (a reload takes them from the HTTP cache).
      if (/^\/dist\/parley(-[\w-]+)?\.js$/.test(path))
        return response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=600' }).end(await readFile(fromRoot(path.slice(1))));
      if (path === '/favicon.ico') return response.writeHead(204).end();
      response.writeHead(404).end('not found');
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
