import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/core/errors';
import { pingstreams } from '../../../src/transports/pingstreams/index';
import { nodeEnv, until } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

describe('pingstreams transport errors', () => {
  it('reports an unknown project as a non-retryable HTTP error', async () => {
    const { t } = h.open({ projectId: 'ffffffffffffffffffffffff' });
    const err = await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'http', status: 404, retryable: false });
  });

  it('reports an unreachable server as a retryable network error', async () => {
    await h.srv.stop();
    const { t } = h.open();
    expect(await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e)).toMatchObject({ code: 'network', retryable: true });
    await h.srv.restart();
  });

  it('reports the server refusing an empty first message (422) without retrying', async () => {
    const { t } = h.open();
    await t.connect({ visitorId: 'v1' });
    expect(await t.send({ clientId: 'c1', text: '' }).catch((e: unknown) => e)).toMatchObject({ code: 'http', status: 422, retryable: false });
    expect(h.srv.requests()).toEqual([]);
  });

  it('reports a server answer that is not the expected JSON as a protocol error', async () => {
    const env = nodeEnv({
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        // A proxy that answers 200 with an HTML page instead of the message list.
        return String(input).endsWith('/messages') && (!init?.method || init.method === 'GET') ? new Response('{"not":"a list"}', { status: 200 }) : res;
      },
    });
    const t = pingstreams({ projectId: h.srv.projectId, apiUrl: h.srv.apiUrl }).create(env);
    h.made.push(t);
    await t.connect({ visitorId: 'v1' });
    expect(await t.fetchSince(undefined).catch((e: unknown) => e)).toMatchObject({ code: 'protocol' });
  });

  it('drops malformed and hostile frames with a debug note and keeps going', async () => {
    const { t, rec, env } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    const topic = `/${h.srv.projectId}/requests/${r.session.requestId}/messages`;
    // Upstream relays client `publish` frames to subscribers unchecked (§5.2): a hostile peer can inject.
    const peer = new WebSocket(`${h.srv.wsUrl}?token=${encodeURIComponent(String(r.session.token))}`);
    await new Promise((ok) => peer.once('open', ok));
    peer.send(JSON.stringify({ action: 'publish', payload: { topic, message: 'junk' } }));
    peer.send(JSON.stringify({ action: 'publish', payload: { topic, message: { text: 'no id' } } }));
    peer.send(`{"action":"publish","payload":{"topic":"${topic}","message":{"__proto__":{"polluted":1},"_id":"p1","createdAt":"2026-01-01T00:00:00Z"}}}`);
    await until(() => env.logs.length >= 3, 3000, 'three drops');
    peer.close();
    expect(env.logs.map((l) => l.level + ' ' + l.message)).toEqual(Array(3).fill('debug pingstreams: dropped a malformed frame'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const m = h.srv.agent.say(String(r.session.requestId), 'still working');
    await until(() => rec.of('message').find((x) => x.id === m._id), 3000, 'message after junk');
    expect(rec.of('error')).toEqual([]);
  });

  it('reads frames carrying a list (snapshots) and a single message (live pushes) alike', async () => {
    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    const topic = `/${h.srv.projectId}/requests/${r.session.requestId}/messages`;
    const doc = (id: string) => ({ _id: id, sender: 'agent-1', text: id, createdAt: '2026-01-01T00:00:00Z' });
    const peer = new WebSocket(`${h.srv.wsUrl}?token=${encodeURIComponent(String(r.session.token))}`);
    await new Promise((ok) => peer.once('open', ok));
    peer.send(JSON.stringify({ action: 'publish', payload: { topic, method: 'CREATE', message: [doc('peer-1'), doc('peer-2')] } }));
    peer.send(JSON.stringify({ action: 'publish', payload: { topic, method: 'CREATE', message: doc('peer-3') } }));
    await until(() => rec.of('message').some((m) => m.id === 'peer-3'), 3000, 'pushed messages');
    peer.close();
    expect(rec.of('message').filter((m) => m.id.startsWith('peer-')).map((m) => [m.id, m.sender])).toEqual([
      ['peer-1', 'agent'],
      ['peer-2', 'agent'],
      ['peer-3', 'agent'],
    ]);
  });

  it('never logs a token', async () => {
    const jwt = h.srv.mintToken({ _id: 'secret-user' }, { expiresInSec: -1 });
    const { t, env } = h.open({ auth: { token: jwt } });
    const err = await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain(jwt);
    expect(JSON.stringify(env.logs)).not.toContain(jwt.split('.')[2]);
  });
});
