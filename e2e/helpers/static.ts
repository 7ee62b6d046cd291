/**
 * A tiny static server on 127.0.0.1 (port 0) for the e2e pages: `/dist/*` from the built `dist/`,
 * everything else from `e2e/pages/` (or extra roots). `{{NAME}}` in HTML is replaced by `vars[NAME]`
 * (the PocketPing endpoint, ...), and `headers` adds response headers per path (the strict-CSP page).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

export const ROOT = resolve(import.meta.dirname, '../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  /** Replacements for `{{NAME}}` in HTML files. */
  vars: Record<string, string>;
  /** Extra response headers by exact path (e.g. `/strict-csp.html`). */
  headers: Record<string, Record<string, string>>;
  /** URL prefix → directory (the longest prefix wins). */
  mounts: Record<string, string>;
  /** File served (from the `/` mount) for paths that match no file, as SPA hosts do. */
  fallback?: string;
  close(): Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  const state: Omit<StaticServer, 'url' | 'close'> & { fallback?: string } = {
    vars: {},
    headers: {},
    mounts: { '/dist/': join(ROOT, 'dist'), '/': join(ROOT, 'e2e/pages') },
  };
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const mounts = Object.entries(state.mounts).sort((a, b) => b[0].length - a[0].length);
    const hit = mounts.find(([prefix]) => path.startsWith(prefix));
    if (!hit || path.includes('..')) return void res.writeHead(404).end('not found');
    const rel = path.slice(hit[0].length) || 'index.html';
    let file = normalize(join(hit[1], rel.endsWith('/') ? rel + 'index.html' : rel));
    try {
      let body: Buffer | string = await readFile(file).catch((e: unknown) => {
        if (!state.fallback || extname(file)) throw e;
        file = join(state.mounts['/']!, state.fallback);
        return readFile(file);
      });
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (type.startsWith('text/html')) body = body.toString('utf8').replace(/\{\{(\w+)\}\}/g, (m, k: string) => state.vars[k] ?? m);
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...state.headers[path] });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  }) as StaticServer;
}
