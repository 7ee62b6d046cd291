import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import { pocketping } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { nodeEnv, sleep, until } from '../../helpers/node-env';
import { record } from '../../helpers/recorder';

const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };

let srv: PocketPingServer | undefined;
let wss: WebSocketServer | undefined;
let t: Transport | undefined;

afterEach(async () => {
  t?.disconnect();
  t = undefined;
  await srv?.stop();
  srv = undefined;
  await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
  wss = undefined;
});

/** A stream server of our own next to the real HTTP routes: it says whatever the test wants. */
async function hostileStream(onSocket: (ws: ServerSocket) => void): Promise<string> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss!.once('listening', r));
  wss.on('connection', onSocket);
  const { port } = wss.address() as { port: number };
  return `ws://127.0.0.1:${port}/pocketping/stream`;
}

describe('pocketping errors and hostile servers', () => {
  it('rejects with a version error when the server no longer supports this widget version (426)', async () => {
    srv = await startPocketPingServer({ minWidgetVersion: '2.0.0' });
    t = pocketping({ endpoint: srv.endpoint }).create(nodeEnv({ version: '1.0.0' }));
    const err = await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'version', status: 426, retryable: false });
    expect(String((err as Error).message)).toContain('Minimum version: 2.0.0');
  });

  it('warns once when the widget version is outdated', async () => {
    srv = await startPocketPingServer({ latestWidgetVersion: '1.2.0', versionWarningDelay: 50 });
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv({ version: '1.0.0' }));
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c', text: 'hi' });
    await sleep(300); // the stream's version_warning comes too; it says the same thing
    expect(rec.of('warning').map((w) => [w.code, w.message])).toEqual([['version', 'pocketping: A newer widget version 1.2.0 is available']]);
    expect(rec.of('error')).toEqual([]);
  });

  it('warns when the widget version is deprecated (a major behind)', async () => {
    srv = await startPocketPingServer({ latestWidgetVersion: '2.0.0', versionWarningDelay: 50 });
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv({ version: '1.0.0' }));
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    expect(rec.of('warning')).toMatchObject([{ code: 'version' }]);
  });

  it('sends the version header on reads too', async () => {
    srv = await startPocketPingServer({});
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv({ version: '1.0.0' }));
    await t.connect({ visitorId: 'v1' });
    srv.pp.config.minWidgetVersion = '2.0.0';
    await expect(t.fetchSince(undefined)).rejects.toMatchObject({ code: 'version', status: 426 });
  });

  it('sends its own version header, overridable', async () => {
    srv = await startPocketPingServer({ minWidgetVersion: '2.0.0' });
    t = pocketping({ endpoint: srv.endpoint, version: '2.6.0' }).create(nodeEnv({ version: '1.0.0' }));
    await expect(t.connect({ visitorId: 'v1' })).resolves.toMatchObject({ resumed: false });
  });

  it('rejects with forbidden when the IP filter blocks the visitor', async () => {
    srv = await startPocketPingServer({ ipBlocklist: ['127.0.0.1'] });
    t = pocketping({ endpoint: srv.endpoint }).create(nodeEnv());
    await expect(t.connect({ visitorId: 'v1' })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
      retryable: false,
      message: 'blocked by the server (403): Forbidden',
    });
  });

  it('rejects with forbidden when the user-agent filter blocks the visitor', async () => {
    srv = await startPocketPingServer({ uaFilter: ['parley-bot'] });
    t = pocketping({ endpoint: srv.endpoint, headers: { 'User-Agent': 'parley-bot/1' } }).create(nodeEnv());
    await expect(t.connect({ visitorId: 'v1' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('rejects with a network error when nothing listens', async () => {
    srv = await startPocketPingServer({});
    const endpoint = srv.endpoint;
    await srv.stop();
    t = pocketping({ endpoint }).create(nodeEnv());
    await expect(t.connect({ visitorId: 'v1' })).rejects.toMatchObject({ code: 'network', retryable: true });
  });

  it('rejects with a protocol error when /messages answers without a list (not "nothing new")', async () => {
    srv = await startPocketPingServer({});
    // The real server for every route; its /messages answer loses its list on the way back.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const res = await globalThis.fetch(input, init);
      return String(input).includes('/messages?') && broken ? new Response('{"hasMore":false}', { status: 200, headers: { 'content-type': 'application/json' } }) : res;
    };
    let broken = false;
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv({ fetch }));
    await t.connect({ visitorId: 'v1' });
    broken = true;
    await expect(t.fetchSince(undefined)).rejects.toMatchObject({ code: 'protocol', message: expect.stringMatching(/^pocketping: .*messages/) });
  });

  it('drops malformed and hostile frames with a debug log and stays alive', async () => {
    srv = await startPocketPingServer({});
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const good = { id: 'ok-1', sessionId: 's', content: 'still fine', sender: 'operator', timestamp: new Date().toISOString() };
    const streamUrl = await hostileStream((ws) => {
      const frames = [
        'not json',
        'null',
        '[]',
        '{"type":"message"}',
        JSON.stringify({ type: 'message', data: { ...good, id: 'big', content: huge } }),
        '{"type":"message","data":{"__proto__":{"polluted":true},"id":"p1","content":"x","sender":"operator","timestamp":"2026-01-01T00:00:00Z"}}',
        JSON.stringify({ type: 'message', data: { ...good, id: 'bad-sender', sender: 'admin' } }),
        JSON.stringify({ type: 'message', data: { ...good, id: 'bad-time', timestamp: 'yesterday' } }),
        JSON.stringify({ type: 'typing', data: { sender: 'operator', isTyping: 'yes' } }),
        JSON.stringify({ type: 'read', data: { messageIds: 'ok-1', status: 'read' } }),
        JSON.stringify({ type: 'presence', data: { online: 1 } }),
      ];
      for (const f of frames) ws.send(f);
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send(JSON.stringify({ type: 'screenshot_request', data: { requestId: 'r' } })); // unknown to Parley: ignored
      ws.send(JSON.stringify({ type: 'message', data: good }));
    });
    const env = nodeEnv();
    // (A roomy stall window: building and parsing the 10 MiB frame in this one process can hold the
    // socket's open past `fast`'s 800 ms on a loaded machine, which would add a `polling` event.)
    t = pocketping({ endpoint: srv.endpoint, streamUrl, socket: { ...fast, stallMs: 10_000 } }).create(env);
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    await until(() => rec.of('message').length, 5000, 'the good frame');
    expect(rec.of('message').map((m) => m.id)).toEqual(['ok-1']);
    expect(rec.all.map((e) => e.type)).toEqual(['link', 'message']);
    expect(env.logs.filter((l) => l.message.includes('malformed frame'))).toHaveLength(12);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still usable.
    await expect(t.send({ clientId: 'c', text: 'hello' })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('stops with a version error when the stream says the widget cannot continue', async () => {
    srv = await startPocketPingServer({});
    let closed = false;
    const streamUrl = await hostileStream((ws) => {
      ws.on('close', () => (closed = true));
      ws.send(JSON.stringify({ type: 'version_warning', data: { severity: 'error', message: 'Upgrade now', canContinue: false } }));
    });
    t = pocketping({ endpoint: srv.endpoint, streamUrl, socket: fast }).create(nodeEnv());
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    const err = await until(() => rec.of('error')[0], 3000, 'error');
    expect(err).toMatchObject({ code: 'version', message: 'pocketping: Upgrade now' });
    await until(() => closed, 3000, 'socket closed');
  });

  it('treats close 4000 as fatal and does not reconnect', async () => {
    srv = await startPocketPingServer({});
    let opened = 0;
    const streamUrl = await hostileStream((ws) => {
      opened++;
      ws.close(4000, 'sessionId required');
    });
    t = pocketping({ endpoint: srv.endpoint, streamUrl, socket: fast }).create(nodeEnv());
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    const err = await until(() => rec.of('error')[0], 3000, 'error');
    expect(err).toMatchObject({ code: 'protocol' });
    await sleep(300);
    expect(opened).toBe(1);
  });

  it('rejects a custom event with a network error while only polling works', async () => {
    srv = await startPocketPingServer({ refuseWebSocket: true });
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv());
    const rec = record(t);
    await t.connect({ visitorId: 'v1' });
    const pending = t.trigger!({ name: 'early' });
    await expect(pending).rejects.toMatchObject({ code: 'network', retryable: true });
    expect(rec.of('link')).toEqual(['polling']);
    await expect(t.trigger!({ name: 'later' })).rejects.toMatchObject({ code: 'network' });
    expect(srv.events()).toEqual([]);
  });

  it('never puts the session id or custom headers in error messages or logs', async () => {
    srv = await startPocketPingServer({});
    const env = nodeEnv();
    t = pocketping({ endpoint: srv.endpoint, headers: { 'X-Secret': 'tok-123' }, socket: fast }).create(env);
    const r = await t.connect({ visitorId: 'v1' });
    await srv.stop();
    const err = (await t.fetchSince('x').catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'network' });
    const text = err.message + JSON.stringify(env.logs.map((l) => l.message));
    expect(text).not.toContain(String(r.session.sessionId));
    expect(text).not.toContain('tok-123');
    expect(err.message).toBe('GET /pocketping/messages failed: network error');
  });
});
