import { afterEach, describe, expect, it } from 'vitest';
import { sleep, until } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

let h: Harness;
afterEach(() => h.close());

/** Connects, sends the first message (the request now exists) and waits for the live link. */
async function liveConversation(opts = {}) {
  const o = h.open(opts);
  const r = await o.t.connect({ visitorId: 'v1' });
  const first = await o.t.send({ clientId: 'c1', text: 'hello' });
  await linkIs(o.rec, 'live');
  return { ...o, rid: String(r.session.requestId), first };
}

describe('pingstreams realtime link', () => {
  it('is live at once when there is no request to follow yet', async () => {
    h = await harness();
    const { t, rec } = h.open();
    await t.connect({ visitorId: 'v1' });
    await linkIs(rec, 'live');
    expect(rec.of('link')).toEqual(['live']);
  });

  it('opens no socket when disconnected while still connecting', async () => {
    h = await harness();
    const { t, rec } = h.open();
    const connecting = t.connect({ visitorId: 'v1' });
    t.disconnect();
    expect(await connecting.catch((e: unknown) => e)).toMatchObject({ code: 'network' });
    await sleep(200);
    expect(rec.of('link')).toEqual([]);
  });

  it('reports down on a drop, live again after resubscribing, and the missed message is there to catch up', async () => {
    h = await harness();
    const { t, rec, rid, first } = await liveConversation();
    h.srv.dropSockets();
    await until(() => rec.of('link').includes('down'), 3000, 'down');
    const missed = h.srv.agent.say(rid, 'said while you were away');
    await until(() => rec.of('link').length >= 3 && rec.of('link').at(-1) === 'live', 3000, 'live again');
    expect(rec.of('link')).toEqual(['live', 'down', 'live']);
    // What the core does after down → live:
    const caught = await t.fetchSince(first.id);
    expect(caught.map((m) => [m.id, m.sender, m.text])).toEqual([[missed._id, 'agent', 'said while you were away']]);
  });

  it('goes from down to polling while the server is away, and back to live when it returns', async () => {
    h = await harness();
    const { t, rec, rid } = await liveConversation();
    await h.srv.stop();
    await until(() => rec.of('link').includes('polling'), 4000, 'polling');
    expect(await t.fetchSince(undefined).catch((e: unknown) => e)).toMatchObject({ code: 'network', retryable: true });
    await h.srv.restart();
    await until(() => rec.of('link').at(-1) === 'live', 4000, 'live after restart');
    expect(rec.of('link')).toEqual(['live', 'down', 'polling', 'live']);
    const m = h.srv.agent.say(rid, 'back online');
    await until(() => rec.of('message').find((x) => x.id === m._id), 3000, 'live message after restart');
  });

  it('polls when the WebSocket is refused, and returns to live when it is allowed again', async () => {
    h = await harness();
    h.srv.setWebSocketRefused(true);
    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    await until(() => rec.of('link').includes('polling'), 3000, 'polling');
    const rid = String(r.session.requestId);
    await t.send({ clientId: 'c1', text: 'sent while polling' });
    h.srv.agent.say(rid, 'answered while polling');
    const got = await t.fetchSince(undefined);
    expect(got.map((m) => [m.sender, m.text])).toEqual([['visitor', 'sent while polling'], ['agent', 'answered while polling']]);
    expect(await t.fetchSince(got[1].id)).toEqual([]);
    h.srv.setWebSocketRefused(false);
    await until(() => rec.of('link').at(-1) === 'live', 4000, 'live');
    expect(rec.of('link')).toEqual(['polling', 'live']);
  });

  it('answers the server heartbeat so the socket is not terminated', async () => {
    h = await harness({ heartbeatMs: 60 });
    const { rec } = await liveConversation();
    await sleep(400); // several heartbeat intervals: a silent client would have been cut off
    expect(rec.of('link')).toEqual(['live']);
  });

  it('reopens a socket that went silent', async () => {
    h = await harness({ heartbeatMs: 60_000 });
    const { rec } = await liveConversation({ socket: { minDelay: 20, maxDelay: 100, silenceMs: 150 } });
    await until(() => rec.of('link').length >= 3, 3000, 'reopen after silence');
    expect(rec.of('link').slice(0, 3)).toEqual(['live', 'down', 'live']);
  });

  it('falls back to polling when a subscription is never answered', async () => {
    h = await harness();
    // Another visitor's request: the server stays silent on the subscription (quirk 10).
    const other = h.open();
    const o = await other.t.connect({ visitorId: 'v2' });
    await other.t.send({ clientId: 'x', text: 'not yours' });
    const me = h.open();
    const mine = await me.t.connect({ visitorId: 'v1' });
    // connect() first closes the previous link: count only what the second one reports.
    const before = me.rec.of('link').length;
    const r = await me.t.connect({ visitorId: 'v1', session: { ...mine.session, requestId: o.session.requestId } });
    expect(r.resumed).toBe(true);
    await until(() => me.rec.of('link').at(-1) === 'polling', 3000, 'polling');
    expect(me.rec.of('link').slice(before)).toEqual(['polling']);
  });
});
