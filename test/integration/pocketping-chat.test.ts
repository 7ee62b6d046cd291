/**
 * The whole chat model (src/core/chat.ts) over the PocketPing transport and the local sdk-node
 * server, over real HTTP and WebSockets on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { createChat } from '../../src/core/chat';
import type { Chat } from '../../src/core/model';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { pocketping, type PocketPingOptions } from '../../src/transports/pocketping/index';
import { NodeWS, realClock, sleep, until } from '../helpers/node-env';

// Fast reconnects, but patient enough with a loaded 2-core machine that a slow open is not taken for a stall.
const fast = { minDelay: 20, maxDelay: 150, stallMs: 2000, stallAttempts: 3, connectTimeout: 4000 };

let srv: PocketPingServer | undefined;
let wss: WebSocketServer | undefined;
const chats: Chat[] = [];

afterEach(async () => {
  for (const c of chats.splice(0)) c.destroy();
  await srv?.stop();
  srv = undefined;
  await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
  wss = undefined;
});

function chatOn(endpoint: string, store: KeyValueStore = memoryStore(), extra: Partial<PocketPingOptions> = {}) {
  const logs: string[] = [];
  const chat = createChat(
    pocketping({ endpoint, socket: fast, ...extra }),
    { backend: 'pocketping', storage: 'memory', pollInterval: 150 },
    { store, fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => 0.1, log: (_l, m) => logs.push(m) },
  );
  chats.push(chat);
  return { chat, logs, texts: () => chat.messages.value.map((m) => m.text) };
}

const sessionId = () => srv!.sessions()[0].id;
/** What the server stored, one row per id (`/read` repeats rows: quirk 6). */
const stored = () => [...new Map(srv!.messages(sessionId()).map((m) => [m.id, m.content])).values()];
const linked = () => srv!.pp.connections.has(sessionId());

describe('PocketPing chat over a real server', () => {
  it('carries a conversation both ways', async () => {
    srv = await startPocketPingServer({ welcomeMessage: 'Hello!' });
    const { chat, texts } = chatOn(srv.endpoint);
    await chat.start();
    expect(chat.status.value).toBe('online');
    expect(chat.welcomeMessage.value).toBe('Hello!');
    chat.send('hi');
    await until(() => chat.messages.value[0]?.status === 'sent', 3000, 'sent');
    await until(linked, 3000, 'stream');
    await srv.pp.sendOperatorMessage(sessionId(), 'hello, how can I help?');
    await until(() => texts().length === 2, 3000, 'reply');
    expect(texts()).toEqual(['hi', 'hello, how can I help?']);
    expect(chat.messages.value.map((m) => m.sender)).toEqual(['visitor', 'agent']);
  });

  it('delivers everything sent while the server was restarting, exactly once and in order', async () => {
    srv = await startPocketPingServer({});
    const { chat, texts } = chatOn(srv.endpoint);
    await chat.start();
    chat.send('before');
    await until(() => chat.messages.value[0]?.status === 'sent', 8000, 'first sent');
    await until(linked, 8000, 'stream');
    // The server counts the socket before the client has seen it open: make sure the client is live.
    srv.pp.handleTyping({ sessionId: sessionId(), sender: 'operator', isTyping: true });
    await until(() => chat.agentTyping.value, 8000, 'a frame through the stream');

    // Every status from here on: 'reconnecting' may be brief (refused reconnects soon turn to polling).
    const statuses: string[] = [];
    chat.on('status', (s) => statuses.push(s));
    await srv.stop();
    await until(() => statuses.includes('reconnecting'), 8000, 'reconnecting');
    await srv.pp.sendOperatorMessage(sessionId(), 'op while down'); // stored, pushed to nobody
    chat.send('mine 1');
    chat.send('mine 2');
    await sleep(300);
    await srv.restart();

    await until(() => texts().length === 4 && chat.messages.value.every((m) => m.status !== 'sending'), 12000, 'caught up');
    await srv.pp.sendOperatorMessage(sessionId(), 'op after');
    await until(() => texts().length === 5, 8000, 'live again');
    expect(stored()).toEqual(['before', 'op while down', 'mine 1', 'mine 2', 'op after']);
    expect(texts()).toEqual(stored());
    expect(chat.status.value).toBe('online');
  }, 45_000);

  it('polls while the stream is refused, then goes back to the stream', async () => {
    srv = await startPocketPingServer({ refuseWebSocket: true });
    const { chat, texts } = chatOn(srv.endpoint);
    await chat.start();
    await srv.pp.sendOperatorMessage(sessionId(), 'seen by polling');
    await until(() => texts().includes('seen by polling'), 4000, 'polled message');
    expect(chat.status.value).toBe('online');
    expect(linked()).toBe(false);

    srv.setWebSocketRefused(false);
    await until(linked, 4000, 'stream back');
    await srv.pp.sendOperatorMessage(sessionId(), 'seen live');
    await until(() => texts().includes('seen live'), 3000, 'live message');
    expect(texts()).toEqual(['seen by polling', 'seen live']);
  });

  it('keeps unsent messages across a reload and sends them once the server answers', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const first = chatOn(srv.endpoint, store);
    await first.chat.start();
    first.chat.send('sent before');
    await until(() => first.chat.messages.value[0]?.status === 'sent', 3000, 'sent');
    await srv.stop();
    first.chat.send('queued 1');
    first.chat.send('queued 2');
    await sleep(200);
    first.chat.destroy(); // the page goes away with two messages unsent

    await srv.restart();
    const second = chatOn(srv.endpoint, store);
    expect(second.texts()).toEqual([]); // nothing before start: no storage touched
    await second.chat.start();
    await until(() => stored().length === 3 && second.chat.messages.value.every((m) => m.status === 'sent'), 6000, 'outbox flushed');
    expect(stored()).toEqual(['sent before', 'queued 1', 'queued 2']);
    expect(second.texts()).toEqual(['sent before', 'queued 1', 'queued 2']);
  });

  it('stays alive through malformed frames', async () => {
    srv = await startPocketPingServer({});
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss!.once('listening', r));
    wss.on('connection', (ws) => {
      for (const f of ['{', '{"type":"message","data":{"id":1}}', '{"type":"typing","data":{"__proto__":{}}}', 'x'.repeat(300_000)]) ws.send(f);
      ws.send(JSON.stringify({ type: 'message', data: { id: 'ok', sessionId: 's', content: 'fine', sender: 'operator', timestamp: new Date().toISOString() } }));
    });
    const streamUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/pocketping/stream`;
    const { chat, texts, logs } = chatOn(srv.endpoint, memoryStore(), { streamUrl });
    await chat.start();
    await until(() => texts().includes('fine'), 3000, 'the good frame');
    expect(texts()).toEqual(['fine']);
    expect(chat.status.value).toBe('online');
    expect(chat.error.value).toBeNull();
    expect(logs.filter((m) => m.includes('malformed frame'))).toHaveLength(4);
  });

  it('refuses empty and over-long texts before they reach the server', async () => {
    srv = await startPocketPingServer({});
    const { chat } = chatOn(srv.endpoint);
    await chat.start();
    expect(() => chat.send('   ')).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => chat.send('x'.repeat(4001))).toThrow(expect.objectContaining({ code: 'validation' }));
    chat.send('hi');
    await until(() => chat.messages.value[0]?.status === 'sent', 3000, 'sent');
    await expect(chat.edit(chat.messages.value[0]!.id, ' ')).rejects.toMatchObject({ code: 'validation' });
    expect(stored()).toEqual(['hi']);
  });

  it('retries a send through server errors and delivers it once', async () => {
    srv = await startPocketPingServer({});
    const { chat } = chatOn(srv.endpoint);
    await chat.start();
    const real = srv.pp.handleMessage.bind(srv.pp);
    let failures = 0;
    srv.pp.handleMessage = async (req: unknown) => {
      if (failures++ < 2) throw new Error('database busy');
      return real(req);
    };
    chat.send('eventually');
    await until(() => chat.messages.value[0]?.status === 'sent', 6000, 'sent after 500s');
    expect(failures).toBe(3);
    expect(stored()).toEqual(['eventually']);
  });

  it.each([
    ['version', { minWidgetVersion: '99.0.0' }],
    ['forbidden', { ipBlocklist: ['127.0.0.1'] }],
  ])('ends in a clear %s error when the server refuses the widget', async (code, config) => {
    srv = await startPocketPingServer(config);
    const { chat } = chatOn(srv.endpoint);
    const errors: string[] = [];
    chat.on('error', (e) => errors.push(e.code));
    await chat.start();
    expect(chat.status.value).toBe('error');
    expect(chat.error.value?.code).toBe(code);
    expect(errors).toEqual([code]);
  });

  it('stops with a forbidden error when the stream is closed with 4003 mid-conversation', async () => {
    srv = await startPocketPingServer({});
    const { chat } = chatOn(srv.endpoint);
    await chat.start();
    await until(linked, 3000, 'stream');
    srv.setIpBlocklist(['127.0.0.1']);
    srv.dropSockets();
    await until(() => chat.status.value === 'error', 3000, 'error');
    expect(chat.error.value?.code).toBe('forbidden');
  });
});
