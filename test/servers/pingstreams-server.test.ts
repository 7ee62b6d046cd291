/**
 * The local Pingstreams server's own behaviour, beyond what the official client exercises:
 * WebSocket upgrade answers, subscription rules, heartbeat, visitor routes and the /test control API.
 */
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import { sleep, until } from '../helpers/node-env';

let srv: PingstreamsServer;
beforeEach(async () => {
  srv = await startPingstreamsServer();
});
afterEach(() => srv.stop());

const api = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
  const res = await fetch(srv.apiUrl + path, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(init.token && { Authorization: init.token }), ...(init.body !== undefined && { 'Content-Type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (401)
  }
  return { status: res.status, body };
};
const guest = async () => (await api('/auth/signinAnonymously', { body: { id_project: srv.projectId } })).body as { token: string; user: { _id: string } };
const rid = (n: string) => `support-group-${srv.projectId}-${n.padStart(32, '0')}`;
const mp = (r: string) => `/${srv.projectId}/requests/${r}/messages`;

/** Opens a socket; resolves with the HTTP status when the upgrade is refused. */
function connect(token: string, path = '/'): Promise<{ ws?: WebSocket; status?: number; frames: any[] }> {
  const frames: any[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${srv.port}${path}?token=${encodeURIComponent(token)}`);
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode, frames }));
    ws.once('error', () => {});
  });
}

describe('local Pingstreams server: realtime', () => {
  it('answers the upgrade with 401 for a bad token, 404 off the socket path, 503 while refused', async () => {
    expect((await connect('nope')).status).toBe(401);
    const { token } = await guest();
    expect((await connect(token, '/elsewhere')).status).toBe(404);
    srv.setWebSocketRefused(true);
    expect((await connect(token)).status).toBe(503);
    srv.setWebSocketRefused(false);
    const ok = await connect(token);
    expect(ok.ws?.readyState).toBe(WebSocket.OPEN);
    ok.ws?.close();
  });

  it('gives the requester a snapshot then live pushes, and others nothing at all', async () => {
    const owner = await guest();
    const other = await guest();
    const r = rid('1');
    await api(mp(r), { token: owner.token, body: { text: 'first' } });
    const a = await connect(owner.token);
    const b = await connect(other.token);
    for (const s of [a, b]) s.ws!.send(JSON.stringify({ action: 'subscribe', payload: { topic: mp(r) } }));
    await until(() => a.frames.length === 1, 2000, 'snapshot');
    expect(a.frames[0]).toMatchObject({ action: 'publish', payload: { topic: mp(r), method: 'CREATE', message: [{ text: 'first' }] } });
    srv.agent.say(r, 'live');
    await until(() => a.frames.length === 2, 2000, 'push');
    expect(a.frames[1].payload.message).toMatchObject({ text: 'live', request: { request_id: r } });
    a.ws!.send(JSON.stringify({ action: 'unsubscribe', payload: { topic: mp(r) } }));
    a.ws!.send(JSON.stringify({ action: 'me' }));
    await until(() => a.frames.length === 3, 2000, 'me');
    expect(a.frames[2]).toEqual({ action: 'me', payload: { id: expect.any(String), userId: owner.user._id } });
    srv.agent.say(r, 'after unsubscribe');
    await sleep(50);
    expect(a.frames).toHaveLength(3);
    expect(b.frames.filter((f) => f.action === 'publish')).toEqual([]);
    a.ws!.close();
    b.ws!.close();
  });

  it('pings every interval, answers pings with pong, and terminates a silent client', async () => {
    await srv.stop();
    srv = await startPingstreamsServer({ heartbeatMs: 80 });
    const { token } = await guest();
    const s = await connect(token);
    s.ws!.send(JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'ping' } } }));
    await until(() => s.frames.some((f) => f.payload?.message?.text === 'pong'), 2000, 'pong');
    await until(() => s.frames.some((f) => f.payload?.message?.text === 'ping'), 2000, 'server ping');
    await until(() => s.ws!.readyState === WebSocket.CLOSED, 2000, 'terminated');
  });
});

describe('local Pingstreams server: visitor routes', () => {
  it('lists the visitor’s own open requests and lets only the requester rate', async () => {
    const owner = await guest();
    const other = await guest();
    const r = rid('2');
    await api(mp(r), { token: owner.token, body: { text: 'mine' } });
    const me = await api(`/${srv.projectId}/requests/me`, { token: owner.token });
    expect(me.body).toMatchObject({ count: 1, requests: [{ request_id: r }] });
    const denied = await api(`/${srv.projectId}/requests/${r}/rating`, { method: 'PATCH', token: other.token, body: { rating: 1 } });
    expect(denied).toEqual({ status: 404, body: { success: false, msg: 'Request not found' } });
    const rated = await api(`/${srv.projectId}/requests/${r}/rating`, { method: 'PATCH', token: owner.token, body: { rating: 5, rating_message: 'great' } });
    expect(rated.body).toMatchObject({ rating: 5, rating_message: 'great' });
  });

  it('answers failures in the sheet’s shapes', async () => {
    const { token } = await guest();
    expect(await api(`/${srv.projectId}/requests/${rid('9')}/closeg`, { method: 'PUT', token })).toEqual({ status: 500, body: { success: false, error: 'Error closing request' } });
    expect(await api(`/${srv.projectId}/requests/${rid('9')}/messages`, { token: 'JWT a b' })).toEqual({ status: 403, body: { success: false, msg: 'Unauthorized.' } });
    expect(await api(`/${srv.projectId}/requests/${rid('9')}/messages`, { token: 'Bearer ' + token.slice(4) })).toEqual({ status: 401, body: 'Unauthorized' });
    expect(await api(`/ffffffffffffffffffffffff/requests/${rid('9')}/messages`, { token })).toEqual({ status: 403, body: { success: false, msg: 'you dont belong to the project.' } });
    expect((await api('/auth/signin', { body: { email: 'not-an-email', password: 'x' } })).status).toBe(422);
    expect(await api(`/${srv.projectId}/requests/${rid('9')}/messages/abc`, { token })).toEqual({ status: 404, body: { success: false, msg: 'Object not found.' } });
  });

  it('accepts the token as ?secret_token= too', async () => {
    const { token } = await guest();
    const res = await fetch(`${srv.apiUrl}/${srv.projectId}/requests/${rid('3')}/messages?secret_token=${encodeURIComponent(token.slice(4))}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});

describe('local Pingstreams server: /test control API', () => {
  it('lets the demo act as the agent', async () => {
    const { token } = await guest();
    const r = rid('4');
    await api(mp(r), { token, body: { text: 'hi' } });
    const post = (path: string, body: unknown = {}) =>
      fetch(`${srv.url}/test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((x) => x.json());
    await post(`/requests/${r}/join`, { name: 'Ada' });
    await post(`/requests/${r}/say`, { text: 'hello from the console', name: 'Ada' });
    const msgs = await fetch(`${srv.url}/test/requests/${r}/messages`).then((x) => x.json());
    expect(msgs.map((m: { text: string }) => m.text)).toEqual(['hi', 'Ada joined', 'hello from the console']);
    await post(`/requests/${r}/close`);
    expect(srv.requests()[0].status).toBe(1000);
    await post('/available', { available: false });
    expect((await api(`/projects/${srv.projectId}/users/availables`)).body).toEqual([]);
  });

  it('serves a demo token endpoint with refresh tokens', async () => {
    const form = (body: string) =>
      fetch(`${srv.url}/test/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }).then(async (x) => ({ status: x.status, body: await x.json() }));
    const first = await form('grant_type=client_credentials');
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 300, access_token: expect.any(String), refresh_token: expect.any(String) });
    const signin = await fetch(`${srv.apiUrl}/auth/signinWithCustomToken`, { method: 'POST', headers: { Authorization: 'JWT ' + first.body.access_token } });
    expect((await signin.json()).user._id).toBe('demo-visitor');
    const second = await form(`grant_type=refresh_token&refresh_token=${first.body.refresh_token}`);
    expect(second.status).toBe(200);
    expect((await form(`grant_type=refresh_token&refresh_token=${first.body.refresh_token}`)).status).toBe(401);
  });
});
