import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEPALIVE_MAX_CHARS, requestJson } from '../../src/transports/http';
import { realClock } from '../helpers/node-env';

let server: Server;
let base: string;
const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

/** Each path answers one way; `/echo` returns what it got. */
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      const path = (req.url || '').split('?')[0];
      const json = (status: number, v: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(v));
      };
      if (path === '/ok') return json(200, { a: 1 });
      if (path === '/echo') return json(200, { method: req.method, body: body ? JSON.parse(body) : null });
      if (path === '/empty') return res.writeHead(204).end();
      if (path === '/bad-json') return res.writeHead(200).end('<html>oops');
      if (path === '/proto') return res.writeHead(200).end('{"a":{"__proto__":{"x":1}}}');
      if (path === '/401') return json(401, { error: 'no' });
      if (path === '/403') return json(403, { error: 'Your IP is blocked' });
      if (path === '/403-html') return res.writeHead(403).end('<h1>Forbidden</h1>');
      if (path === '/426') return json(426, { error: 'Widget version unsupported', message: 'Minimum version: 3.0.0' });
      if (path === '/429') return json(429, {}, { 'Retry-After': '3' });
      if (path === '/429-date') return json(429, {}, { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() });
      if (path === '/404') return json(404, { error: 'Not found' });
      if (path === '/msg') return json(403, { success: false, msg: 'you dont belong to the project.' });
      if (path === '/errors') return json(422, { errors: ['text field is required'] });
      if (path === '/errors-msg') return json(422, { errors: [{ msg: 'Invalid value', param: 'email' }] });
      if (path === '/deep') return json(400, { error: { error: { error: { error: 'too deep' } } } });
      if (path === '/500') return res.writeHead(500).end('{"error":"Internal server error"}');
      if (path === '/slow') return setTimeout(() => json(200, {}), 2000);
      res.writeHead(400).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string, init = {}) => requestJson(fetch, realClock, base + path, init);
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('should have failed'), (e: unknown) => e);

describe('requestJson', () => {
  it('returns the parsed JSON body', async () => {
    expect(await get('/ok')).toEqual({ a: 1 });
  });

  it('sends a JSON body with its content type and the given headers', async () => {
    expect(await get('/echo', { method: 'POST', body: { x: [1] }, headers: { 'X-Test': 'y' } })).toEqual({ method: 'POST', body: { x: [1] } });
    const last = seen.at(-1)!;
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-test']).toBe('y');
  });

  it('returns undefined for an empty answer', async () => {
    expect(await get('/empty')).toBeUndefined();
  });

  it('lets the caller see every response, errors included', async () => {
    const statuses: number[] = [];
    await requestJson(fetch, realClock, base + '/426', {}, (r) => statuses.push(r.status)).catch(() => {});
    expect(statuses).toEqual([426]);
  });

  it.each([
    ['/bad-json', { code: 'protocol', status: 200 }],
    ['/proto', { code: 'protocol' }],
    ['/401', { code: 'auth', status: 401, retryable: false }],
    ['/403', { code: 'forbidden', status: 403, retryable: false, message: 'blocked by the server (403): Your IP is blocked' }],
    ['/403-html', { code: 'forbidden', message: 'blocked by the server (403)' }],
    ['/426', { code: 'version', status: 426, retryable: false }],
    ['/429', { code: 'rate_limited', status: 429, retryable: true, retryAfterMs: 3000 }],
    ['/404', { code: 'http', status: 404, retryable: false }],
    ['/500', { code: 'http', status: 500, retryable: true }],
  ])('maps %s to a ParleyError', async (path, expected) => {
    expect(await failure(get(path))).toMatchObject({ name: 'ParleyError', ...expected });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const e = (await failure(get('/429-date'))) as { retryAfterMs: number };
    expect(e.retryAfterMs).toBeGreaterThan(55_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('gives up after 15 s with a retryable network error', async () => {
    // A clock running 100 times fast: the 15 s wait takes 150 ms.
    const waits: number[] = [];
    const fast = { ...realClock, setTimeout: (fn: () => void, ms: number) => (waits.push(ms), realClock.setTimeout(fn, ms / 100)) };
    const t0 = Date.now();
    expect(await failure(requestJson(fetch, fast, base + '/slow'))).toMatchObject({ code: 'network', retryable: true, message: 'GET /slow timed out after 15 s' });
    expect(waits).toEqual([15_000]);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    expect(await failure(requestJson(fetch, realClock, `http://127.0.0.1:${port}/x`))).toMatchObject({ code: 'network', retryable: true });
  });

  it.each([
    ['/msg', 'blocked by the server (403): you dont belong to the project.'],
    ['/errors', 'GET /errors: HTTP (422): text field is required'],
    ['/errors-msg', 'GET /errors-msg: HTTP (422): Invalid value'],
    ['/deep', 'GET /deep: HTTP (400)'],
  ])('quotes the server words of %s (Tiledesk msg and errors too), never digging deep', async (path, message) => {
    expect(await failure(get(path))).toMatchObject({ message });
  });

  it('keeps query strings and headers out of error messages', async () => {
    const e = (await failure(get('/404?sessionId=secret-1', { headers: { Authorization: 'Bearer tok' } }))) as Error;
    expect(e.message).toBe('GET /404: HTTP (404): Not found');
  });

  it('lets a request outlive the page when asked, unless its body could pass the browser quota of such requests', async () => {
    // The real fetch, with what each call asked of it written down.
    const asked: (boolean | undefined)[] = [];
    const recording: typeof fetch = (url, init) => {
      asked.push(init?.keepalive);
      return fetch(url, init);
    };
    const send = (text: string, keepalive?: boolean) => requestJson(recording, realClock, base + '/echo', { method: 'POST', body: { text }, keepalive });
    const short = 'Call me at nine';
    const long = 'x'.repeat(KEEPALIVE_MAX_CHARS);
    expect(await send(short, true)).toEqual({ method: 'POST', body: { text: short } });
    expect(await send(long, true)).toEqual({ method: 'POST', body: { text: long } });
    expect(await send(short)).toEqual({ method: 'POST', body: { text: short } });
    expect(asked).toEqual([true, false, false]);
  });
});
