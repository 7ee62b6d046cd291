import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import { pocketping } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { nodeEnv, sleep, until } from '../../helpers/node-env';
import { record } from '../../helpers/recorder';

const fast = { minDelay: 20, maxDelay: 200, stallMs: 800, stallAttempts: 3, connectTimeout: 1000 };

let srv: PocketPingServer;
let t: Transport | undefined;

beforeEach(async () => {
  srv = await startPocketPingServer({ welcomeMessage: 'Hi there' });
});
afterEach(async () => {
  t?.disconnect();
  t = undefined;
  await srv.stop();
});

const open = (env = nodeEnv()) => (t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(env));

describe('pocketping connect', () => {
  it('gives up a connect stopped while the server was answering: no stale session, no late stream', async () => {
    // A slow /connect (the network, not the transport, is held up).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const env = nodeEnv({ fetch: async (url, init) => (String(url).endsWith('/connect') && (await held), fetch(url, init)) });
    const tr = open(env);
    const rec = record(tr);
    const first = tr.connect({ visitorId: 'previous-user' });
    await until(() => srv.sessions().length === 0 && true, 1000, 'the request under way');
    tr.disconnect(); // e.g. reset() or identify(someone else) while connecting
    release();
    await expect(first).rejects.toMatchObject({ code: 'network' });
    await sleep(400);
    expect(rec.of('link')).toEqual([]); // no socket was opened for the abandoned session

    // The next connect is for the next user alone.
    const next = await tr.connect({ visitorId: 'next-user' });
    const owner = srv.sessions().find((s) => s.id === next.session.sessionId);
    expect(owner?.visitorId).toBe('next-user');
  });

  it('starts a session and reports the welcome text, presence and an empty history', async () => {
    const tr = open();
    const r = await tr.connect({ visitorId: 'v1' });
    expect(r.resumed).toBe(false);
    expect(typeof r.session.sessionId).toBe('string');
    expect(r.welcomeMessage).toBe('Hi there');
    expect(r.operatorOnline).toBe(false);
    expect(r.messages).toEqual([]);
    expect(srv.sessions().map((s) => s.visitorId)).toEqual(['v1']);
  });

  it('resumes the stored session and says so', async () => {
    const first = await open().connect({ visitorId: 'v1' });
    t?.disconnect();
    const again = await open().connect({ visitorId: 'v1', session: first.session });
    expect(again.session).toEqual(first.session);
    expect(again.resumed).toBe(true);
  });

  it('sends page metadata and identity on connect', async () => {
    await open().connect({ visitorId: 'v1', identity: { id: 'u1', email: 'a@b.c' } });
    const s = srv.sessions()[0];
    expect(s.metadata).toMatchObject({ url: 'http://127.0.0.1/page', pageTitle: 'Test page', screenResolution: '1280x720' });
    expect(s.identity).toMatchObject({ id: 'u1', email: 'a@b.c' });
  });

  it('returns the whole history up to the newest message although the server hands back the oldest page', async () => {
    const first = await open().connect({ visitorId: 'v1' });
    t?.disconnect();
    const sid = String(first.session.sessionId);
    for (let i = 1; i <= 120; i++) await srv.pp.sendOperatorMessage(sid, `m${i}`);
    const r = await open().connect({ visitorId: 'v1', session: first.session });
    expect(r.messages.map((m) => m.text)).toEqual(Array.from({ length: 120 }, (_, i) => `m${i + 1}`));
    expect(r.messages.every((m) => m.sender === 'agent')).toBe(true);
  });

  it('fetches everything after a given message id, page after page, oldest first', async () => {
    const tr = open();
    const r = await tr.connect({ visitorId: 'v1' });
    const sid = String(r.session.sessionId);
    const ids: string[] = [];
    for (let i = 1; i <= 250; i++) ids.push((await srv.pp.sendOperatorMessage(sid, `m${i}`)).id);
    const got = await tr.fetchSince(ids[9]);
    expect(got.map((m) => m.id)).toEqual(ids.slice(10));
    expect(await tr.fetchSince(ids[249])).toEqual([]);
  });

  it('sends a message and gets its echo with the same server id', async () => {
    const tr = open();
    const rec = record(tr);
    await tr.connect({ visitorId: 'v1' });
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    const sent = await tr.send({ clientId: 'c1', text: 'hello', replyTo: undefined });
    const echo = await until(() => rec.of('message').find((m) => m.id === sent.id), 3000, 'echo');
    expect(echo).toMatchObject({ text: 'hello', sender: 'visitor', createdAt: sent.createdAt });
    expect(srv.messages(String(srv.sessions()[0].id)).map((m) => m.content)).toEqual(['hello']);
  });

  it('keeps replyTo on the stored message', async () => {
    const tr = open();
    await tr.connect({ visitorId: 'v1' });
    const a = await tr.send({ clientId: 'c1', text: 'first' });
    await tr.send({ clientId: 'c2', text: 'second', replyTo: a.id });
    const page = await tr.fetchSince(undefined);
    expect(page.map((m) => [m.text, m.replyTo])).toEqual([['first', undefined], ['second', a.id]]);
  });
});
