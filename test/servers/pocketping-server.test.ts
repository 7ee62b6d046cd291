// The local PocketPing server checked against the protocol sheet (/work/shared/protocols/pocketping.md) with
// plain fetch and `ws` clients over loopback.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startPocketPingServer, type PocketPingServerOptions } from '../../servers/pocketping/index.js';

type Server = Awaited<ReturnType<typeof startPocketPingServer>>;
type Frame = { type: string; data?: any; sessionId?: string };
type Client = { ws: WebSocket; frames: Frame[] };

const ID = /^[0-9a-z]+-[0-9a-z]{1,9}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const HEADLESS_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36';

const servers: Server[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: PocketPingServerOptions = {}): Promise<Server> {
  const s = await startPocketPingServer(options);
  servers.push(s);
  return s;
}

async function call(s: Server, path: string, body?: unknown, init: RequestInit = {}) {
  return fetch(s.endpoint + path, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    ...init,
  });
}

async function json(res: Response): Promise<any> {
  expect(res.status).toBe(200);
  return res.json();
}

async function connect(s: Server, body: Record<string, unknown> = { visitorId: 'v1' }): Promise<any> {
  return json(await call(s, '/connect', body));
}

async function say(s: Server, sessionId: string, content: string, sender = 'visitor'): Promise<any> {
  return json(await call(s, '/message', { sessionId, content, sender }));
}

function wsUrl(s: Server, path = '/pocketping/stream') {
  return s.url.replace(/^http/, 'ws') + path;
}

/** Registers a client socket for cleanup; its late errors (teardown) are expected and ignored. */
function track(ws: WebSocket) {
  ws.on('error', () => {});
  sockets.push(ws);
  return ws;
}

/** Opens a socket and records every frame it receives. */
function open(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const ws = track(new WebSocket(url, { headers }));
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

function stream(s: Server, sessionId: string) {
  return open(`${wsUrl(s)}?sessionId=${sessionId}`);
}

/** First frame (already received or upcoming) matching `pred`, or a rejection after `ms`. */
function frame(c: Client, pred: (f: Frame) => boolean, ms = 2000): Promise<Frame> {
  const found = c.frames.find(pred);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const onMessage = () => {
      const f = c.frames.find(pred);
      if (!f) return;
      clearTimeout(timer);
      c.ws.off('message', onMessage);
      resolve(f);
    };
    const timer = setTimeout(() => {
      c.ws.off('message', onMessage);
      reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(c.frames)}`));
    }, ms);
    c.ws.on('message', onMessage);
  });
}

const ofType = (type: string) => (f: Frame) => f.type === type;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Re-reads `read()` until `done` holds; bounded by 20 tries and about a second. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 20 && !done(v); i++) {
    await sleep(50);
    v = await read();
  }
  return v;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

/** Resolves with the HTTP status of a refused upgrade. */
function upgradeStatus(url: string): Promise<number> {
  const ws = track(new WebSocket(url));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    ws.once('open', () => reject(new Error('upgrade was accepted')));
  });
}

function expectCors(res: Response) {
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
  expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, X-PocketPing-Version');
  expect(res.headers.get('access-control-expose-headers')).toBe(
    'X-PocketPing-Version-Status, X-PocketPing-Min-Version, X-PocketPing-Latest-Version, X-PocketPing-Version-Message',
  );
  expect(res.headers.get('access-control-max-age')).toBeNull();
}

async function expectInternalError(res: Response) {
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toBeNull();
  expect(await res.text()).toBe('{"error":"Internal server error"}');
  expectCors(res);
}

describe('POST /connect', () => {
  it('creates a session with a sdk-node style id and no welcomeMessage when none is configured', async () => {
    const created: string[] = [];
    const s = await start({ onNewSession: (session) => created.push(session.visitorId) });
    const res = await call(s, '/connect', { visitorId: 'v1', sessionId: null });
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await json(res);
    expect(Object.keys(body)).toEqual(['sessionId', 'visitorId', 'operatorOnline', 'messages']);
    expect(body.sessionId).toMatch(ID);
    expect(body).toMatchObject({ visitorId: 'v1', operatorOnline: false, messages: [] });
    expect(s.sessions().map((x) => x.id)).toEqual([body.sessionId]);
    expect(created).toEqual(['v1']);
  });

  it('returns the configured welcome text and operator flag', async () => {
    const s = await start({ welcomeMessage: 'Hi! 👋', operatorOnline: true });
    expect(await connect(s)).toMatchObject({ welcomeMessage: 'Hi! 👋', operatorOnline: true });
  });

  it('resumes by sessionId first (whoever asks), then by the visitor’s latest session', async () => {
    const s = await start();
    const a = await connect(s, { visitorId: 'alice' });
    const byOther = await connect(s, { visitorId: 'mallory', sessionId: a.sessionId });
    expect(byOther).toMatchObject({ sessionId: a.sessionId, visitorId: 'alice' });
    const byVisitor = await connect(s, { visitorId: 'alice', sessionId: 'gone-123' });
    expect(byVisitor.sessionId).toBe(a.sessionId);
    const fresh = await connect(s, { visitorId: 'bob' });
    expect(fresh.sessionId).not.toBe(a.sessionId);
    expect(s.sessions()).toHaveLength(2);
  });

  it('does not check the method: GET /connect creates a session', async () => {
    const s = await start();
    const body = await json(await call(s, '/connect'));
    expect(body.sessionId).toMatch(ID);
    expect(s.sessions()).toHaveLength(1);
  });

  it('stores the identity given to a new session', async () => {
    const s = await start();
    const { sessionId } = await connect(s, { visitorId: 'v1', identity: { id: 'u1', name: 'Ann' } });
    expect(s.sessions().find((x) => x.id === sessionId)?.identity).toEqual({ id: 'u1', name: 'Ann' });
  });

  it('enriches metadata with the forwarded ip and the parsed user agent', async () => {
    const s = await start();
    const metadata = { url: 'https://site.example/', userAgent: CHROME_UA, language: 'en' };
    const headers = { 'X-Forwarded-For': '198.51.100.4, 10.0.0.1' };
    const { sessionId } = await json(await call(s, '/connect', { visitorId: 'v1', metadata }, { headers }));
    expect(s.sessions()[0].metadata).toEqual({
      ...metadata,
      ip: '198.51.100.4',
      deviceType: 'desktop',
      browser: 'Chrome',
      os: 'Linux',
    });
    // On resume the first-seen ip stays and the rest of the metadata is replaced.
    await call(s, '/connect', { visitorId: 'v1', sessionId, metadata: { url: 'https://site.example/b', deviceType: 'mobile' } }, {
      headers: { 'X-Real-IP': '203.0.113.9' },
    });
    expect(s.sessions()[0].metadata).toEqual({ url: 'https://site.example/b', deviceType: 'mobile', ip: '198.51.100.4' });
  });

  it('builds metadata from the request when the client sends none', async () => {
    const s = await start();
    await call(s, '/connect', { visitorId: 'v1' }, { headers: { 'User-Agent': CHROME_UA } });
    expect(s.sessions()[0].metadata).toEqual({ ip: '127.0.0.1', userAgent: CHROME_UA, deviceType: 'desktop', browser: 'Chrome', os: 'Linux' });
  });

  it('returns the oldest 50 messages of a long history (and the newest 50 with the quirk off)', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    for (let i = 1; i <= 55; i++) await say(s, sessionId, `m${i}`);
    const oldest = (await connect(s, { visitorId: 'v1', sessionId })).messages.map((m: any) => m.content);
    expect(oldest).toHaveLength(50);
    expect([oldest[0], oldest[49]]).toEqual(['m1', 'm50']);
    s.setQuirks({ oldestPageOnConnect: false });
    const newest = (await connect(s, { visitorId: 'v1', sessionId })).messages.map((m: any) => m.content);
    expect([newest.length, newest[0], newest[49]]).toEqual([50, 'm6', 'm55']);
  });
});

describe('request bodies and errors', () => {
  it('parses a JSON body whatever the content type', async () => {
    const s = await start();
    const res = await call(s, '/connect', undefined, {
      method: 'POST',
      body: JSON.stringify({ visitorId: 'plain' }),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect((await json(res)).visitorId).toBe('plain');
  });

  it('answers malformed application/json with Express’s HTML 400 and no CORS headers', async () => {
    const s = await start();
    const res = await call(s, '/connect', undefined, { method: 'POST', body: '{nope', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a malformed body of another type with the generic 500', async () => {
    const s = await start();
    await expectInternalError(await call(s, '/connect', undefined, { method: 'POST', body: '{nope' }));
  });

  it('answers unknown sub-paths and the SaaS-only routes with 404', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const attempts: Array<[string, RequestInit]> = [
      ['/message/abc', { method: 'PATCH', body: JSON.stringify({ sessionId, content: 'x' }) }],
      [`/message/abc?sessionId=${sessionId}`, { method: 'DELETE' }],
      ['/upload', { method: 'POST', body: '{}' }],
      ['/upload/complete', { method: 'POST', body: '{}' }],
      ['/prechat', { method: 'POST', body: '{}' }],
      [`/stream?sessionId=${sessionId}`, {}],
      [`/screenshot/requests?sessionId=${sessionId}`, {}],
    ];
    for (const [path, init] of attempts) {
      const res = await call(s, path, undefined, init);
      expect(res.status, path).toBe(404);
      expectCors(res);
    }
    const outside = await fetch(`${s.url}/elsewhere`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).toContain('Cannot GET /elsewhere');
  });

  it('answers preflight with 204 and the CORS headers, but no PATCH or DELETE', async () => {
    const s = await start();
    const res = await call(s, '/message/abc', undefined, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expectCors(res);
    expect(res.headers.get('access-control-allow-methods')).not.toMatch(/PATCH|DELETE/);
  });
});

describe('POST /message', () => {
  it('stores the message, tells onMessage, and answers with its id and ISO timestamp', async () => {
    const seen: string[] = [];
    const s = await start({ onMessage: (m, session) => seen.push(`${session.id}:${m.content}`) });
    const { sessionId } = await connect(s);
    const res = await say(s, sessionId, 'hello');
    expect(seen).toEqual([`${sessionId}:hello`]);
    expect(Object.keys(res)).toEqual(['messageId', 'timestamp']);
    expect(res.messageId).toMatch(ID);
    expect(res.timestamp).toMatch(ISO);
    const [m] = JSON.parse(JSON.stringify(s.messages(sessionId)));
    expect(m).toEqual({ id: res.messageId, sessionId, content: 'hello', sender: 'visitor', timestamp: res.timestamp });
  });

  it('accepts empty content and sender "operator" from a client, and keeps replyTo', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const first = await say(s, sessionId, '');
    await json(await call(s, '/message', { sessionId, content: 'as op', sender: 'operator', replyTo: first.messageId }));
    expect(s.messages(sessionId).map((m) => [m.content, m.sender, m.replyTo])).toEqual([
      ['', 'visitor', undefined],
      ['as op', 'operator', first.messageId],
    ]);
  });

  it('fails with the generic 500 for an unknown session', async () => {
    const s = await start();
    await expectInternalError(await call(s, '/message', { sessionId: 'nope', content: 'x', sender: 'visitor' }));
  });

  it('echoes the message to every socket of the session, the sender’s own included', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const other = await connect(s, { visitorId: 'v2' });
    const [tab1, tab2, stranger] = await Promise.all([stream(s, sessionId), stream(s, sessionId), stream(s, other.sessionId)]);
    const { messageId } = await say(s, sessionId, 'hi');
    for (const tab of [tab1, tab2]) {
      const f = await frame(tab, ofType('message'));
      expect(f.data).toMatchObject({ id: messageId, sessionId, content: 'hi', sender: 'visitor' });
    }
    await sleep(50);
    expect(stranger.frames).toEqual([]);
  });
});

describe('GET /messages', () => {
  async function history(s: Server, n: number) {
    const { sessionId } = await connect(s);
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) ids.push((await say(s, sessionId, `m${i}`)).messageId);
    return { sessionId, ids };
  }

  it('pages forward from a message id, exclusive, with hasMore', async () => {
    const s = await start();
    const { sessionId, ids } = await history(s, 5);
    const page = await json(await call(s, `/messages?sessionId=${sessionId}&after=${ids[1]}&limit=2`));
    expect(page.messages.map((m: any) => m.id)).toEqual([ids[2], ids[3]]);
    expect(page.hasMore).toBe(true);
    const last = await json(await call(s, `/messages?sessionId=${sessionId}&after=${ids[3]}`));
    expect(last).toMatchObject({ hasMore: false });
    expect(last.messages.map((m: any) => m.id)).toEqual([ids[4]]);
  });

  it('restarts from the first message when after is unknown, e.g. a timestamp', async () => {
    const s = await start();
    const { sessionId, ids } = await history(s, 3);
    const page = await json(await call(s, `/messages?sessionId=${sessionId}&after=${encodeURIComponent(new Date().toISOString())}`));
    expect(page.messages.map((m: any) => m.id)).toEqual(ids);
  });

  it('defaults to 50 and caps the limit at 100', async () => {
    const s = await start();
    const { sessionId } = await history(s, 105);
    const byDefault = await json(await call(s, `/messages?sessionId=${sessionId}`));
    expect([byDefault.messages.length, byDefault.hasMore]).toEqual([50, true]);
    const capped = await json(await call(s, `/messages?sessionId=${sessionId}&limit=500`));
    expect([capped.messages.length, capped.hasMore]).toEqual([100, true]);
  });

  it('answers an empty page for a missing or unknown session', async () => {
    const s = await start();
    expect(await json(await call(s, '/messages'))).toEqual({ messages: [], hasMore: false });
    expect(await json(await call(s, '/messages?sessionId=nope'))).toEqual({ messages: [], hasMore: false });
  });
});

describe('typing and presence', () => {
  it('broadcasts typing to the session, sender’s own socket included, without checking the session', async () => {
    const s = await start();
    const c = await stream(s, 'no-such-session');
    expect(await json(await call(s, '/typing', { sessionId: 'no-such-session', sender: 'visitor' }))).toEqual({ ok: true });
    const f = await frame(c, ofType('typing'));
    expect(f.data).toEqual({ sessionId: 'no-such-session', sender: 'visitor', isTyping: true });
  });

  it('reports presence and pushes it to every session with a socket', async () => {
    const s = await start();
    expect(await json(await call(s, '/presence'))).toEqual({ online: false, aiEnabled: false, aiActiveAfter: 300 });
    const a = await stream(s, (await connect(s, { visitorId: 'a' })).sessionId);
    const b = await stream(s, (await connect(s, { visitorId: 'b' })).sessionId);
    s.pp.setOperatorOnline(true);
    expect((await frame(a, ofType('presence'))).data).toEqual({ online: true });
    expect((await frame(b, ofType('presence'))).data).toEqual({ online: true });
    expect((await json(await call(s, '/presence'))).online).toBe(true);
    expect(s.pp.isOperatorOnline()).toBe(true);
  });
});

describe('POST /read', () => {
  it('marks messages read, broadcasts only readAt, and appends duplicates to history', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const op = await s.pp.sendOperatorMessage(sessionId, 'hello');
    await say(s, sessionId, 'other');
    expect(await json(await call(s, '/read', { sessionId, messageIds: [op.id] }))).toEqual({ updated: 1 });
    const f = await frame(c, ofType('read'));
    expect(Object.keys(f.data)).toEqual(['messageIds', 'status', 'readAt']);
    expect(f.data).toMatchObject({ messageIds: [op.id], status: 'read' });
    expect(f.data.readAt).toMatch(ISO);
    const rows = s.messages(sessionId);
    expect(rows.map((m) => m.id)).toEqual([op.id, rows[1].id, op.id]);
    expect(rows[2]).toMatchObject({ status: 'read' });
    expect(rows[2].deliveredAt).toBeInstanceOf(Date);
  });

  it('sets only deliveredAt for status "delivered", and appends nothing with the quirk off', async () => {
    const s = await start({ quirks: { duplicateOnRead: false } });
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const op = await s.pp.sendOperatorMessage(sessionId, 'hello');
    await json(await call(s, '/read', { sessionId, messageIds: [op.id], status: 'delivered' }));
    const f = await frame(c, ofType('read'));
    expect(Object.keys(f.data)).toEqual(['messageIds', 'status', 'deliveredAt']);
    expect(s.messages(sessionId)).toHaveLength(1);
    expect(s.messages(sessionId)[0].readAt).toBeUndefined();
  });

  it('fails with the generic 500 for an unknown session', async () => {
    const s = await start();
    await expectInternalError(await call(s, '/read', { sessionId: 'nope', messageIds: [] }));
  });
});

describe('POST /identify', () => {
  it('stores the identity and calls onIdentify', async () => {
    const seen: unknown[] = [];
    const s = await start({ onIdentify: (session) => seen.push(session.identity) });
    const { sessionId } = await connect(s);
    const identity = { id: 'u1', email: 'a@example.test', plan: 'pro' };
    expect(await json(await call(s, '/identify', { sessionId, identity }))).toEqual({ ok: true });
    expect(seen).toEqual([identity]);
    expect((await s.pp.getSession(sessionId))?.identity).toEqual(identity);
  });

  it('fails with the generic 500 without identity.id or for an unknown session', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    await expectInternalError(await call(s, '/identify', { sessionId, identity: { email: 'a@example.test' } }));
    await expectInternalError(await call(s, '/identify', { sessionId: 'nope', identity: { id: 'u1' } }));
  });
});

describe('POST /edit and /delete', () => {
  it('edits a visitor message: trimmed content, nested response, message_edited broadcast', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const { messageId } = await say(s, sessionId, 'helo');
    const res = await json(await call(s, '/edit', { sessionId, messageId, content: '  hello  ' }));
    expect(res.message).toMatchObject({ id: messageId, content: 'hello' });
    expect(res.message.editedAt).toMatch(ISO);
    const f = await frame(c, ofType('message_edited'));
    expect(f.data).toEqual({ messageId, content: 'hello', editedAt: res.message.editedAt });
    expect(s.messages(sessionId)[0].content).toBe('hello');
  });

  it('soft-deletes: deletedAt is set but the content stays in history', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const { messageId } = await say(s, sessionId, 'secret');
    expect(await json(await call(s, '/delete', { sessionId, messageId }))).toEqual({ deleted: true });
    const f = await frame(c, ofType('message_deleted'));
    expect(f.data.messageId).toBe(messageId);
    expect(f.data.deletedAt).toMatch(ISO);
    const page = await json(await call(s, `/messages?sessionId=${sessionId}`));
    expect(page.messages[0]).toMatchObject({ content: 'secret', deletedAt: f.data.deletedAt });
  });

  it('refuses with the generic 500: operator messages, other sessions, blank or long text, deleted messages', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const other = await connect(s, { visitorId: 'v2' });
    const op = await s.pp.sendOperatorMessage(sessionId, 'from op');
    const { messageId } = await say(s, sessionId, 'mine');
    await expectInternalError(await call(s, '/edit', { sessionId, messageId: op.id, content: 'x' }));
    await expectInternalError(await call(s, '/edit', { sessionId: other.sessionId, messageId, content: 'x' }));
    await expectInternalError(await call(s, '/edit', { sessionId, messageId, content: '   ' }));
    await expectInternalError(await call(s, '/edit', { sessionId, messageId, content: 'x'.repeat(4001) }));
    await expectInternalError(await call(s, '/edit', { sessionId, messageId: 'nope', content: 'x' }));
    await expectInternalError(await call(s, '/delete', { sessionId, messageId: op.id }));
    await json(await call(s, '/delete', { sessionId, messageId }));
    await expectInternalError(await call(s, '/delete', { sessionId, messageId }));
    await expectInternalError(await call(s, '/edit', { sessionId, messageId, content: 'again' }));
  });
});

describe('disconnect, visibility and CSAT', () => {
  it('acknowledges disconnect and visibility, and fails for unknown sessions', async () => {
    const left: number[] = [];
    const s = await start({ onVisitorDisconnect: (_session, duration) => left.push(duration) });
    const { sessionId } = await connect(s);
    expect(await json(await call(s, '/disconnect', { sessionId, duration: 42, reason: 'page_unload' }))).toEqual({ ok: true });
    expect(left).toEqual([42]);
    expect(await json(await call(s, '/visibility', { sessionId, state: 'visible', timestamp: Date.now() }))).toEqual({ ok: true });
    await expectInternalError(await call(s, '/disconnect', { sessionId: 'nope', duration: 1 }));
    await expectInternalError(await call(s, '/visibility', { sessionId: 'nope', state: 'hidden' }));
  });

  it('requests a rating over the socket and records it once', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    await s.pp.requestCsat(sessionId);
    expect((await frame(c, ofType('csat_request'))).data.requestedAt).toMatch(ISO);
    expect((await s.pp.getSession(sessionId))?.csat?.pending).toBe(true);
    await expectInternalError(await call(s, '/csat', { sessionId, score: 6 }));
    expect(await json(await call(s, '/csat', { sessionId, score: 4, comment: 'ok' }))).toEqual({ ok: true });
    expect(await json(await call(s, '/csat', { sessionId, score: 1 }))).toEqual({ ok: true, alreadyRated: true });
    expect((await s.pp.getSession(sessionId))?.csat).toMatchObject({ pending: false, score: 4, comment: 'ok' });
    await expectInternalError(await call(s, '/csat', { sessionId: 'nope', score: 3 }));
  });
});

describe('uploads (sdk-node routes)', () => {
  it('hands out an upload url on the server itself (it stores uploads), completes it, and links it to a message', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const req = await json(await call(s, '/upload-request', { sessionId, filename: 'a.png', mimeType: 'image/png', size: 10 }));
    expect(req.attachmentId).toMatch(ID);
    expect(req.uploadUrl).toBe(`${s.url}/files/${req.attachmentId}`);
    expect(Date.parse(req.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const done = await json(await call(s, '/upload-complete', { attachmentId: req.attachmentId }));
    expect(done).toMatchObject({ id: req.attachmentId, messageId: null, filename: 'a.png', status: 'ready', thumbnailUrl: null, uploadedFrom: 'widget' });
    await json(await call(s, '/message', { sessionId, content: 'pic', sender: 'visitor', attachmentIds: [req.attachmentId, 'unknown'] }));
    const f = await frame(c, ofType('message'));
    expect(f.data.attachments).toHaveLength(1);
    expect(f.data.attachments[0]).toMatchObject({ id: req.attachmentId, messageId: f.data.id, status: 'ready' });
  });

  it('refuses bad sizes and MIME types, and marks failed uploads', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    await expectInternalError(await call(s, '/upload-request', { sessionId, filename: 'a.exe', mimeType: 'application/x-msdownload', size: 10 }));
    await expectInternalError(await call(s, '/upload-request', { sessionId, filename: 'a.png', mimeType: 'image/png', size: 0 }));
    await expectInternalError(await call(s, '/upload-request', { sessionId, filename: 'a.png', mimeType: 'image/png', size: 10 * 1024 * 1024 + 1 }));
    const req = await json(await call(s, '/upload-request', { sessionId, filename: 'a.pdf', mimeType: 'application/pdf', size: 5 }));
    expect((await json(await call(s, '/upload-failed', { attachmentId: req.attachmentId }))).status).toBe('failed');
    await expectInternalError(await call(s, '/upload-complete', { attachmentId: 'nope' }));
  });
});

describe('version negotiation', () => {
  const versions = { minWidgetVersion: '3.0.0', latestWidgetVersion: '4.1.0' };
  const withVersion = (v: string) => ({ headers: { 'X-PocketPing-Version': v } });

  it('answers 426 with the upgrade details below the minimum version', async () => {
    const s = await start(versions);
    const res = await call(s, '/connect', { visitorId: 'v1' }, withVersion('2.6.0'));
    expect(res.status).toBe(426);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      error: 'Widget version unsupported',
      message: 'Widget version 2.6.0 is no longer supported. Minimum version: 3.0.0',
      minVersion: '3.0.0',
      upgradeUrl: 'https://docs.pocketping.io/widget/installation',
    });
    expect(res.headers.get('x-pocketping-version-status')).toBe('unsupported');
    expectCors(res);
    expect(s.sessions()).toHaveLength(0);
  });

  it('adds deprecated/outdated headers to successful answers, none when current or without a header', async () => {
    const s = await start(versions);
    const deprecated = await call(s, '/presence', undefined, withVersion('3.0.0'));
    expect(deprecated.status).toBe(200);
    expect(deprecated.headers.get('x-pocketping-version-status')).toBe('deprecated');
    expect(deprecated.headers.get('x-pocketping-min-version')).toBe('3.0.0');
    expect(deprecated.headers.get('x-pocketping-latest-version')).toBe('4.1.0');
    const outdated = await call(s, '/presence', undefined, withVersion('4.0.5'));
    expect(outdated.headers.get('x-pocketping-version-status')).toBe('outdated');
    expect(outdated.headers.get('x-pocketping-version-message')).toBe('A newer widget version 4.1.0 is available');
    for (const res of [await call(s, '/presence', undefined, withVersion('4.1.0')), await call(s, '/presence')]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('x-pocketping-version-status')).toBeNull();
    }
  });

  it('sends version_warning over the socket 500 ms after a non-ok connect', async () => {
    const s = await start(versions);
    const started = Date.now();
    const { sessionId } = await json(await call(s, '/connect', { visitorId: 'v1' }, withVersion('3.2.0')));
    const c = await stream(s, sessionId);
    const f = await frame(c, ofType('version_warning'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(f.data).toEqual({
      severity: 'warning',
      message: 'Widget version 3.2.0 is deprecated. Please update to 4.1.0',
      currentVersion: 'unknown',
      minVersion: '3.0.0',
      latestVersion: '4.1.0',
      canContinue: true,
      upgradeUrl: 'https://docs.pocketping.io/widget/installation',
    });
  });
});

describe('IP and User-Agent filters', () => {
  it('blocks a listed IP with a readable 403 and closes its sockets with 4003', async () => {
    const s = await start({ ipBlocklist: ['127.0.0.1'] });
    const res = await call(s, '/connect', { visitorId: 'v1' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error: 'Forbidden' });
    expectCors(res);
    const preflight = await call(s, '/connect', undefined, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    const c = await stream(s, 'any');
    expect(await closeOf(c.ws)).toEqual({ code: 4003, reason: 'Forbidden' });
  });

  it('applies a blocklist changed at run time, to forwarded addresses and CIDR ranges too', async () => {
    const s = await start();
    expect((await call(s, '/presence')).status).toBe(200);
    s.setIpBlocklist(['203.0.113.0/24']);
    const forwarded = { headers: { 'X-Forwarded-For': '203.0.113.7' } };
    expect((await call(s, '/presence', undefined, forwarded)).status).toBe(403);
    expect((await call(s, '/presence')).status).toBe(200);
    const c = await open(`${wsUrl(s)}?sessionId=x`, forwarded.headers);
    expect((await closeOf(c.ws)).code).toBe(4003);
  });

  it('refuses headless browsers over HTTP with the UA filter, but not their sockets', async () => {
    const s = await start({ uaFilter: true });
    const headless = await call(s, '/connect', { visitorId: 'v1' }, { headers: { 'User-Agent': HEADLESS_UA } });
    expect(headless.status).toBe(403);
    expect(await headless.json()).toEqual({ error: 'Forbidden' });
    const { sessionId } = await json(await call(s, '/connect', { visitorId: 'v1' }, { headers: { 'User-Agent': CHROME_UA } }));
    const c = await open(`${wsUrl(s)}?sessionId=${sessionId}`, { 'User-Agent': HEADLESS_UA });
    await s.pp.sendOperatorMessage(sessionId, 'still here');
    expect((await frame(c, ofType('message'))).data.content).toBe('still here');
  });
});

describe('WebSocket stream', () => {
  it('closes a socket without sessionId with 4000', async () => {
    const s = await start();
    const c = await open(wsUrl(s));
    expect(await closeOf(c.ws)).toEqual({ code: 4000, reason: 'sessionId required' });
  });

  it('answers HTTP 400 to upgrades anywhere but /pocketping/stream, whatever the mount', async () => {
    const s = await start({ mount: '/chat' });
    expect((await connect(s)).sessionId).toMatch(ID);
    expect(s.endpoint).toBe(`${s.url}/chat`);
    expect(await upgradeStatus(`${wsUrl(s, '/chat/stream')}?sessionId=x`)).toBe(400);
    expect(await upgradeStatus(`${wsUrl(s, '/pocketping/stream/')}?sessionId=x`)).toBe(400);
    const c = await open(`${wsUrl(s)}?sessionId=x`);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('can refuse every upgrade to force clients onto polling', async () => {
    const s = await start({ refuseWebSocket: true });
    expect(await upgradeStatus(`${wsUrl(s)}?sessionId=x`)).toBe(400);
    s.setWebSocketRefused(false);
    expect((await open(`${wsUrl(s)}?sessionId=x`)).ws.readyState).toBe(WebSocket.OPEN);
  });

  it('ignores invalid JSON and rebroadcasts client typing frames verbatim', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const [a, b] = await Promise.all([stream(s, sessionId), stream(s, sessionId)]);
    a.ws.send('{not json');
    a.ws.send(JSON.stringify({ type: 'typing', data: { anything: 1 } }));
    expect((await frame(b, ofType('typing'))).data).toEqual({ anything: 1 });
    expect((await frame(a, ofType('typing'))).data).toEqual({ anything: 1 });
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('dispatches client events to named then wildcard handlers and records them', async () => {
    const calls: string[] = [];
    const s = await start({ onEvent: (e) => calls.push(`config:${e.name}`) });
    const { sessionId } = await connect(s);
    s.pp.onEvent('*', (e) => calls.push(`*:${e.name}`));
    const off = s.pp.onEvent('ping', (e, session) => {
      calls.push(`ping:${session.id === sessionId}`);
      s.pp.emitEvent(session.id, 'pong', { n: (e.data as { n: number }).n + 1 });
    });
    const c = await stream(s, sessionId);
    c.ws.send(JSON.stringify({ type: 'event', data: { name: 'ping', data: { n: 1 }, timestamp: new Date().toISOString() } }));
    const pong = await frame(c, ofType('event'));
    expect(pong.data).toMatchObject({ name: 'pong', data: { n: 2 }, sessionId });
    expect(pong.data.timestamp).toMatch(ISO);
    expect(calls).toEqual(['ping:true', '*:ping', 'config:ping']);
    expect(s.events()).toEqual([expect.objectContaining({ name: 'ping', data: { n: 1 }, sessionId })]);
    off();
    c.ws.send(JSON.stringify({ type: 'event', data: { name: 'ping', data: { n: 5 }, timestamp: new Date().toISOString() } }));
    await sleep(50);
    expect(calls.filter((x) => x.startsWith('ping'))).toHaveLength(1);
    expect(s.events()).toHaveLength(2);
  });

  it('accepts an unknown sessionId silently and ignores its events', async () => {
    const s = await start();
    const c = await stream(s, 'ghost');
    c.ws.send(JSON.stringify({ type: 'event', data: { name: 'x', timestamp: new Date().toISOString() } }));
    s.pp.emitEvent('ghost', 'hello');
    expect((await frame(c, ofType('event'))).data).toMatchObject({ name: 'hello', sessionId: 'ghost' });
    expect(s.events()).toEqual([]);
  });

  it('broadcasts server events to every session with a socket', async () => {
    const s = await start();
    const a = await stream(s, (await connect(s, { visitorId: 'a' })).sessionId);
    const b = await stream(s, (await connect(s, { visitorId: 'b' })).sessionId);
    s.pp.broadcastEvent('promo', { code: 'X' });
    expect((await frame(a, ofType('event'))).data).toMatchObject({ name: 'promo', data: { code: 'X' } });
    expect((await frame(b, ofType('event'))).data).toMatchObject({ name: 'promo', data: { code: 'X' } });
  });

  it('drops sockets without stopping HTTP, and keeps the conversation across a restart on the same port', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    await say(s, sessionId, 'before');
    const c = await stream(s, sessionId);
    const dropped = closeOf(c.ws);
    s.dropSockets();
    expect((await dropped).code).toBe(1006);
    expect((await json(await call(s, '/presence'))).online).toBe(false);
    const again = await stream(s, sessionId);
    const closed = closeOf(again.ws);
    const port = s.port;
    await s.restart();
    expect((await closed).code).toBe(1006);
    expect(s.port).toBe(port);
    const resumed = await connect(s, { visitorId: 'v1', sessionId });
    expect(resumed.messages.map((m: any) => m.content)).toEqual(['before']);
    const after = await stream(s, sessionId);
    await say(s, sessionId, 'after');
    expect((await frame(after, ofType('message'))).data.content).toBe('after');
  });
});

describe('test control routes', () => {
  async function control(s: Server, path: string, body?: unknown) {
    return fetch(`${s.url}/test/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  }

  it('plays the operator: say, typing, online, CSAT request and events reach the visitor', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const said = await json(await control(s, 'operator-say', { sessionId, content: 'Hello from op' }));
    expect(said.message).toMatchObject({ sessionId, content: 'Hello from op', sender: 'operator' });
    expect((await frame(c, ofType('message'))).data.id).toBe(said.message.id);
    await json(await control(s, 'operator-typing', { sessionId, isTyping: true }));
    expect((await frame(c, ofType('typing'))).data).toEqual({ sessionId, sender: 'operator', isTyping: true });
    expect(await json(await control(s, 'operator-online', { online: true }))).toEqual({ ok: true, online: true });
    expect((await frame(c, ofType('presence'))).data).toEqual({ online: true });
    await json(await control(s, 'request-csat', { sessionId }));
    await frame(c, ofType('csat_request'));
    await json(await control(s, 'emit-event', { sessionId, name: 'coupon', data: { pct: 10 } }));
    expect((await frame(c, ofType('event'))).data).toMatchObject({ name: 'coupon', data: { pct: 10 }, sessionId });
  });

  it('reports sessions, stored messages and received events, with CORS', async () => {
    const s = await start();
    const { sessionId } = await connect(s);
    const c = await stream(s, sessionId);
    const first = await say(s, sessionId, 'one');
    await say(s, sessionId, 'two');
    c.ws.send(JSON.stringify({ type: 'event', data: { name: 'clicked', timestamp: new Date().toISOString() } }));
    const sessionsRes = await control(s, 'sessions');
    expectCors(sessionsRes);
    const { sessions } = await json(sessionsRes);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: sessionId, visitorId: 'v1', connected: 1, messageCount: 2, lastMessage: { content: 'two' } });
    const after = await json(await control(s, `messages?sessionId=${sessionId}&after=${first.messageId}`));
    expect(after.messages.map((m: any) => m.content)).toEqual(['two']);
    const events = await eventually(async () => (await json(await control(s, 'events'))).events, (e) => e.length > 0);
    expect(events).toEqual([expect.objectContaining({ name: 'clicked', sessionId })]);
  });

  it('rejects bad control input with 4xx instead of touching the protocol', async () => {
    const s = await start();
    expect((await control(s, 'operator-say', { sessionId: 'nope', content: 'x' })).status).toBe(404);
    expect((await control(s, 'operator-say', { content: 'x' })).status).toBe(400);
    expect((await control(s, 'operator-online', { online: 'yes' })).status).toBe(400);
    expect((await control(s, 'nothing-here')).status).toBe(404);
    expect((await fetch(`${s.url}/test/sessions`, { method: 'OPTIONS' })).status).toBe(204);
  });

  it('streams every session’s messages and typing to the operator console, and accepts its replies', async () => {
    const s = await start();
    const opStream = await open(wsUrl(s, '/test/operator-stream'));
    const a = await connect(s, { visitorId: 'a' });
    const b = await connect(s, { visitorId: 'b' });
    await say(s, a.sessionId, 'from a');
    await json(await call(s, '/typing', { sessionId: b.sessionId, sender: 'visitor', isTyping: true }));
    expect(await frame(opStream, (f) => f.type === 'message' && f.sessionId === a.sessionId)).toMatchObject({ data: { content: 'from a' } });
    expect(await frame(opStream, (f) => f.type === 'typing' && f.sessionId === b.sessionId)).toMatchObject({ data: { isTyping: true } });
    expect(opStream.frames.filter((f) => f.type === 'session').map((f) => f.sessionId)).toEqual([a.sessionId, b.sessionId]);
    const visitor = await stream(s, b.sessionId);
    opStream.ws.send(JSON.stringify({ type: 'say', sessionId: b.sessionId, content: 'hi b' }));
    expect((await frame(visitor, ofType('message'))).data).toMatchObject({ content: 'hi b', sender: 'operator' });
  });

  it('is absent with control: false', async () => {
    const s = await start({ control: false });
    const res = await fetch(`${s.url}/test/sessions`);
    expect(res.status).toBe(404);
    expect(await upgradeStatus(wsUrl(s, '/test/operator-stream'))).toBe(400);
  });
});
