import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import { pocketping, type PocketPingOptions } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { nodeEnv, until } from '../../helpers/node-env';
import { record, type Recorded } from '../../helpers/recorder';

const fast = { minDelay: 20, maxDelay: 200, stallMs: 800, stallAttempts: 3, connectTimeout: 1000 };

let srv: PocketPingServer;
let t: Transport;
let rec: Recorded;
let sid: string;

async function open(extra: Partial<PocketPingOptions> = {}) {
  t = pocketping({ endpoint: srv.endpoint, socket: fast, ...extra }).create(nodeEnv());
  rec = record(t);
  const r = await t.connect({ visitorId: 'v1' });
  sid = String(r.session.sessionId);
  await until(() => rec.of('link').includes('live'), 3000, 'live');
}

beforeEach(async () => {
  srv = await startPocketPingServer({});
});
afterEach(async () => {
  t?.disconnect();
  await srv.stop();
});

describe('pocketping live events', () => {
  it('delivers operator messages as they are written', async () => {
    await open();
    const m = await srv.pp.sendOperatorMessage(sid, 'How can I help?');
    const got = await until(() => rec.of('message').find((x) => x.id === m.id), 3000, 'operator message');
    expect(got).toMatchObject({ text: 'How can I help?', sender: 'agent' });
  });

  it('shows operator typing and ignores the echo of its own typing', async () => {
    await open();
    await t.setTyping?.(true);
    srv.pp.handleTyping({ sessionId: sid, sender: 'operator', isTyping: true });
    await until(() => rec.of('typing').length, 3000, 'typing');
    srv.pp.handleTyping({ sessionId: sid, sender: 'operator', isTyping: false });
    await until(() => rec.of('typing').length === 2, 3000, 'typing off');
    expect(rec.of('typing')).toEqual([
      { sender: 'agent', typing: true },
      { sender: 'agent', typing: false },
    ]);
  });

  it('reaches the server when the visitor types', async () => {
    await open();
    const frames: unknown[] = [];
    srv.pp.monitors.add((s, f) => {
      if (s === sid && f.type === 'typing') frames.push(f.data);
    });
    await t.setTyping?.(true);
    expect(frames).toEqual([{ sessionId: sid, sender: 'visitor', isTyping: true }]);
  });

  it('follows operator presence', async () => {
    await open();
    srv.pp.setOperatorOnline(true);
    await until(() => rec.of('presence').length, 3000, 'presence');
    expect(rec.of('presence')).toEqual([{ online: true }]);
  });

  it('marks operator messages read and reports the receipt as a patch', async () => {
    await open();
    const m = await srv.pp.sendOperatorMessage(sid, 'hello');
    await t.markRead?.([m.id]);
    const p = await until(() => rec.of('patch').find((x) => x.id === m.id), 3000, 'read patch');
    expect(p).toEqual({ id: m.id, status: 'read' });
    expect(srv.messages(sid).find((x) => x.id === m.id)?.readAt).toBeTruthy();
  });

  it('de-duplicates the history rows each read appends on the server', async () => {
    await open();
    const m = await srv.pp.sendOperatorMessage(sid, 'hello');
    await t.markRead?.([m.id]);
    await t.markRead?.([m.id]);
    expect(srv.messages(sid).length).toBeGreaterThanOrEqual(3);
    const all = await t.fetchSince(undefined);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: m.id, status: 'read' });
  });

  it('edits and deletes own messages (sdk-node routes) and hears the patches', async () => {
    await open();
    const a = await t.send({ clientId: 'c', text: 'helo' });
    expect(await t.edit?.(a.id, 'hello')).toMatchObject({ id: a.id, text: 'hello' });
    await until(() => rec.of('patch').find((p) => p.id === a.id && p.text === 'hello' && p.editedAt), 3000, 'edit patch');
    expect(await t.remove?.(a.id)).toEqual({ id: a.id, deleted: true, text: '' });
    await until(() => rec.of('patch').find((p) => p.id === a.id && p.deleted), 3000, 'delete patch');
    // Quirk 7: the server keeps the content; the transport hides it.
    expect(srv.messages(sid)[0].content).toBe('hello');
    const [m] = await t.fetchSince(undefined);
    expect(m).toMatchObject({ id: a.id, deleted: true, text: '' });
  });

  it('sends custom events over the socket and receives the server ones', async () => {
    await open();
    await t.trigger?.({ name: 'page_view', data: { path: '/pricing' } });
    const got = await until(() => srv.events().find((e) => e.name === 'page_view'), 3000, 'event at server');
    expect(got).toMatchObject({ data: { path: '/pricing' }, sessionId: sid });
    srv.pp.emitEvent(sid, 'coupon', { code: 'X1' });
    const ev = await until(() => rec.of('event')[0], 3000, 'event from server');
    expect(ev).toEqual({ name: 'coupon', data: { code: 'X1' } });
  });

  it('queues a custom event triggered before the socket opens and sends it once open', async () => {
    t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv());
    await t.connect({ visitorId: 'v1' });
    await t.trigger?.({ name: 'early' });
    await until(() => srv.events().find((e) => e.name === 'early'), 3000, 'early event');
    expect(srv.events().map((e) => e.name)).toEqual(['early']);
  });

  it('asks for a rating and submits it', async () => {
    await open();
    await srv.pp.requestCsat(sid);
    const c = await until(() => rec.of('csat')[0], 3000, 'csat request');
    expect(typeof c.requestedAt).toBe('string');
    await expect(t.submitCsat?.(6)).rejects.toMatchObject({ code: 'validation' });
    await t.submitCsat?.(4, '  quick  ');
    expect((await srv.pp.getSession(sid))?.csat).toMatchObject({ score: 4, comment: 'quick' });
  });

  it('identifies the visitor on the server', async () => {
    await open();
    await t.identify?.({ id: 'u42', name: 'Ada' });
    expect(srv.sessions()[0].identity).toMatchObject({ id: 'u42', name: 'Ada' });
  });

  it('tells the server the visitor left without ending the session', async () => {
    await open();
    let left: unknown;
    srv.pp.config.onVisitorDisconnect = (s: { id: string }) => (left = s.id);
    await t.end?.();
    expect(left).toBe(sid);
    expect(t.capabilities.endConversation).toBe(false);
  });
});
