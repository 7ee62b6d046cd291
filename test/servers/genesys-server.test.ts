// The local Genesys guest-chat server's own surface: the /test control API (e2e, operator console),
// restart, CORS, options. The guest API itself is covered by test/contract/genesys.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startGenesysServer, type GenesysServer, type GenesysServerOptions } from '../../servers/genesys/index.js';
import { until } from '../helpers/node-env';

const B = '/api/v2/webchat/guest/conversations';
const servers: GenesysServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(o: GenesysServerOptions = {}) {
  const s = await startGenesysServer({ jwtAlg: 'HS256', ...o });
  servers.push(s);
  return s;
}

/** A guest chat with its event stream attached (so it is routed). */
async function guest(s: GenesysServer) {
  const res = await fetch(s.apiUrl + B, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationId: 'o', deploymentId: 'd', routingTarget: { targetType: 'QUEUE', targetAddress: 'Q' }, memberInfo: { displayName: 'Jane' } }),
  });
  const c = await res.json();
  const frames: any[] = [];
  const ws = new WebSocket(c.eventStreamUri);
  sockets.push(ws);
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  return { ...c, frames, ws } as { id: string; jwt: string; member: { id: string }; frames: any[]; ws: WebSocket };
}

const control = async (s: GenesysServer, path: string, body?: object) => {
  const res = await fetch(`${s.url}/test${path}`, { method: body ? 'POST' : 'GET', body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe('genesys server: the agent control API over HTTP', () => {
  it('lists conversations and lets an agent join, type, write, transfer, leave and end', async () => {
    const s = await start();
    const g = await guest(s);
    const list = await control(s, '/conversations');
    expect(list.body).toEqual([expect.objectContaining({ id: g.id, routed: true, ended: false, sockets: 1, guest: expect.objectContaining({ displayName: 'Jane' }) })]);
    expect(list.body[0]).toMatchObject({ chatMessageCount: 0, lastMessage: null });

    expect((await control(s, `/conversations/${g.id}/join`, { name: 'Alex' })).body).toMatchObject({ displayName: 'Alex', role: 'AGENT', state: 'CONNECTED' });
    expect((await control(s, `/conversations/${g.id}/typing`, {})).status).toBe(200);
    expect((await control(s, `/conversations/${g.id}/say`, { text: 'Hello Jane' })).body).toMatchObject({ body: 'Hello Jane', bodyType: 'standard' });
    // The list previews the last chat message (joins and leaves are not chat messages).
    expect((await control(s, '/conversations')).body[0]).toMatchObject({ chatMessageCount: 1, lastMessage: { body: 'Hello Jane', senderName: 'Alex' } });
    expect((await control(s, `/conversations/${g.id}/transfer`, { name: 'Sam' })).body).toMatchObject({ displayName: 'Sam' });
    expect((await control(s, `/conversations/${g.id}/leave`, {})).body).toEqual({ ok: true });
    expect((await control(s, `/conversations/${g.id}/end`, {})).body).toEqual({ ok: true });

    const msgs = (await control(s, `/conversations/${g.id}/messages`)).body;
    expect(msgs.map((m: any) => `${m.senderName}/${m.senderRole}: ${m.bodyType}${m.body ? ' ' + m.body : ''}`)).toEqual([
      'Jane/CUSTOMER: member-join',
      'Alex/AGENT: member-join',
      'Alex/AGENT: standard Hello Jane',
      'Alex/AGENT: member-leave',
      'Sam/AGENT: member-join',
      'Sam/AGENT: member-leave',
      'Jane/CUSTOMER: member-leave',
    ]);
    await until(() => g.frames.some((f) => f.eventBody?.member?.id === g.member.id && f.eventBody.member.state === 'DISCONNECTED'), 2000, 'guest out');
    expect(g.frames.some((f) => f.metadata?.type === 'typing-indicator')).toBe(true);
    expect(s.conversations()[0].ended).toBe(true);
  });

  it('refuses what cannot be done now: unknown chat 404, no agent yet 409, ended 409', async () => {
    const s = await start();
    const g = await guest(s);
    expect((await control(s, '/conversations/nope/say', { text: 'x' })).status).toBe(404);
    expect((await control(s, `/conversations/${g.id}/say`, { text: 'x' })).status).toBe(409);
    await control(s, `/conversations/${g.id}/end`, {});
    expect((await control(s, `/conversations/${g.id}/join`, { name: 'A' })).status).toBe(409);
    expect(() => s.agent.join(g.id, { name: 'A' })).toThrow(/ended/);
    expect((await control(s, '/nothing-here')).status).toBe(404);
  });

  it('does not route a chat before its event stream is attached', async () => {
    const s = await start();
    const res = await fetch(s.apiUrl + B, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationId: 'o', deploymentId: 'd', routingTarget: { targetType: 'QUEUE', targetAddress: 'Q' }, memberInfo: { displayName: 'J' } }),
    });
    const { id } = await res.json();
    expect(() => s.agent.join(id, { name: 'A' })).toThrow(/not routed/);
  });

  it('drives heartbeats, drops, rate limits and JWT expiry from HTTP too', async () => {
    const s = await start({ heartbeatMs: 60_000 });
    const g = await guest(s);
    await control(s, '/heartbeat', { ms: 20 });
    await until(() => g.frames.some((f) => f.topicName === 'channel.metadata'), 2000, 'heartbeat');
    await control(s, '/heartbeat', { ms: 0 });

    await control(s, '/ratelimit', { n: 1, retryAfterSec: 3 });
    const limited = await fetch(`${s.apiUrl}${B}/${g.id}/messages`, { headers: { authorization: `Bearer ${g.jwt}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');

    await control(s, `/conversations/${g.id}/expire`, {});
    const expired = await fetch(`${s.apiUrl}${B}/${g.id}/messages`, { headers: { authorization: `Bearer ${g.jwt}` } });
    expect((await expired.json()).code).toBe('credentials.expired');

    const closed = new Promise((r) => g.ws.once('close', r));
    await control(s, '/drop', { holdMs: 0 });
    await closed;
  });
});

describe('genesys server: lifecycle and options', () => {
  it('keeps its conversations and port across a restart', async () => {
    const s = await start();
    const g = await guest(s);
    const port = s.port;
    const closed = new Promise((r) => g.ws.once('close', r));
    await s.restart();
    await closed;
    expect(s.port).toBe(port);
    const res = await fetch(`${s.apiUrl}${B}/${g.id}/members/${g.member.id}`, { headers: { authorization: `Bearer ${g.jwt}` } });
    expect((await res.json()).state).toBe('CONNECTED');
  });

  it('answers CORS preflights for browser widgets', async () => {
    const s = await start();
    const res = await fetch(s.apiUrl + B, { method: 'OPTIONS', headers: { origin: 'http://example.invalid', 'access-control-request-headers': 'authorization,content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('lets an automatic agent answer every routed chat', async () => {
    const s = await start({ autoAgent: { name: 'Robin', delayMs: 10, greeting: 'Hi, Robin here' } });
    const g = await guest(s);
    await until(() => g.frames.some((f) => f.eventBody?.body === 'Hi, Robin here'), 2000, 'greeting');
    expect(s.conversations()[0].agents).toEqual([expect.objectContaining({ displayName: 'Robin' })]);
  });

  it('listens on loopback only', async () => {
    await expect(startGenesysServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
