import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import { pocketping } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { nodeEnv, sleep, until } from '../../helpers/node-env';
import { record, type Recorded } from '../../helpers/recorder';

const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };

let srv: PocketPingServer;
let t: Transport | undefined;

afterEach(async () => {
  t?.disconnect();
  t = undefined;
  await srv?.stop();
});

async function open(): Promise<{ rec: Recorded; sid: string }> {
  t = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv());
  const rec = record(t);
  const r = await t.connect({ visitorId: 'v1' });
  return { rec, sid: String(r.session.sessionId) };
}

describe('pocketping realtime link', () => {
  it('reports live once the stream is open', async () => {
    srv = await startPocketPingServer({});
    const { rec } = await open();
    await until(() => rec.of('link').length, 3000, 'link');
    expect(rec.of('link')).toEqual(['live']);
  });

  it('falls back to polling when the upgrade is refused, and climbs back to live when it is allowed', async () => {
    srv = await startPocketPingServer({ refuseWebSocket: true });
    const { rec, sid } = await open();
    await until(() => rec.of('link').includes('polling'), 3000, 'polling');
    // What the core does meanwhile: poll. Messages and presence come through it.
    await srv.pp.sendOperatorMessage(sid, 'while polling');
    srv.pp.setOperatorOnline(true);
    const got = await t!.fetchSince(undefined);
    expect(got.map((m) => m.text)).toEqual(['while polling']);
    await until(() => rec.of('presence').some((p) => p.online), 3000, 'presence read while polling');
    srv.setWebSocketRefused(false);
    await until(() => rec.of('link').includes('live'), 3000, 'live again');
    expect(rec.of('link')).toEqual(['polling', 'live']);
    const m = await srv.pp.sendOperatorMessage(sid, 'live now');
    await until(() => rec.of('message').find((x) => x.id === m.id), 3000, 'live message');
  });

  it('reports down when the server goes away and live when it is back', async () => {
    srv = await startPocketPingServer({});
    const { rec, sid } = await open();
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    await srv.stop();
    await until(() => rec.of('link').includes('down'), 3000, 'down');
    await sleep(200);
    await srv.restart();
    await until(() => rec.of('link').at(-1) === 'live', 4000, 'live after restart');
    expect(rec.of('link').slice(0, 2)).toEqual(['live', 'down']);
    const m = await srv.pp.sendOperatorMessage(sid, 'after restart');
    await until(() => rec.of('message').find((x) => x.id === m.id), 3000, 'message after restart');
  });

  it('goes from down to polling when the server stays away, then back to live', async () => {
    srv = await startPocketPingServer({});
    const { rec } = await open();
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    await srv.stop();
    await until(() => rec.of('link').includes('polling'), 3000, 'polling');
    await srv.restart();
    await until(() => rec.of('link').at(-1) === 'live', 4000, 'live after restart');
    expect(rec.of('link')).toEqual(['live', 'down', 'polling', 'live']);
  });

  it('re-reads operator presence after a drop, since presence is only pushed to open sockets', async () => {
    srv = await startPocketPingServer({});
    const { rec } = await open();
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    await srv.stop();
    await until(() => rec.of('link').includes('down'), 3000, 'down');
    srv.pp.operatorOnline = true; // changed while nobody was listening
    await srv.restart();
    await until(() => rec.of('presence').length, 4000, 'presence');
    expect(rec.of('presence')).toEqual([{ online: true }]);
  });

  it('stops for good with a forbidden error when the stream is closed with 4003', async () => {
    srv = await startPocketPingServer({});
    const { rec } = await open();
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    srv.setIpBlocklist(['127.0.0.1']);
    srv.dropSockets();
    const err = await until(() => rec.of('error')[0], 3000, 'error');
    expect(err).toMatchObject({ code: 'forbidden', retryable: false });
    expect(err.message).toContain('4003');
    const links = rec.of('link').length;
    await sleep(400);
    expect(rec.of('link')).toHaveLength(links);
    expect(srv.pp.connections.size).toBe(0);
  });

  it('starts a new session and sends once more when the server forgot the conversation', async () => {
    srv = await startPocketPingServer({});
    const { rec, sid } = await open();
    await until(() => rec.of('link').includes('live'), 3000, 'live');
    srv.reset();
    const sent = await t!.send({ clientId: 'c1', text: 'still there?' });
    const [s] = srv.sessions();
    expect(s.id).not.toBe(sid);
    expect(srv.messages(s.id).map((m) => m.id)).toEqual([sent.id]);
    expect(rec.of('warning').map((w) => w.message)).toEqual([expect.stringContaining('lost the conversation')]);
    // The socket follows the new session (down while it reopens, so the core catches up).
    await until(() => rec.of('link').join() === 'live,down,live', 3000, 'new socket');
    const m = await srv.pp.sendOperatorMessage(s.id, 'yes');
    await until(() => rec.of('message').find((x) => x.id === m.id), 3000, 'message in the new session');
  });

  it('does not start over when a 500 comes from a session the server still knows', async () => {
    srv = await startPocketPingServer({});
    const { sid } = await open();
    const orig = srv.pp.handleMessage.bind(srv.pp);
    srv.pp.handleMessage = async () => {
      throw new Error('disk full');
    };
    await expect(t!.send({ clientId: 'c1', text: 'x' })).rejects.toMatchObject({ code: 'http', status: 500, retryable: true });
    srv.pp.handleMessage = orig;
    expect(srv.sessions().map((s) => s.id)).toEqual([sid]);
  });
});
