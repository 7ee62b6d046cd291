import { afterEach, describe, expect, it } from 'vitest';
import { createChat } from '../../../src/core/chat';
import { ParleyError } from '../../../src/core/errors';
import { genesys } from '../../../src/transports/genesys/index';
import { memoryStore } from '../../../src/storage/memory-store';
import { NodeWS, realClock, sleep, until } from '../../helpers/node-env';
import { expectNoJwt, fast, harness, linkIs, memberOf, messageWith, OPTIONS, type Harness } from './setup';

let h: Harness;
afterEach(() => h.close());

describe('genesys: the event stream link', () => {
  it('reports down and live around a drop; fetchSince from the last message seen brings what was missed', async () => {
    h = await harness();
    const { t, rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    const seen = await messageWith(rec, 'Alex joined the chat');
    h.srv.dropSockets(200);
    h.srv.agent.say(id, 'sent while you were away');
    await linkIs(rec, 'down');
    await linkIs(rec, 'live');
    // (`polling` in between if the outage outlasts the stall limit.)
    expect(rec.of('link').slice(0, 2)).toEqual(['live', 'down']);
    expect(rec.of('link').filter((l) => l === 'live')).toHaveLength(2);
    expect(rec.of('message').map((m) => m.text)).not.toContain('sent while you were away');
    // What the core does on down → live.
    const missed = await t.fetchSince(seen.id);
    expect(missed).toEqual([expect.objectContaining({ text: 'sent while you were away', sender: 'agent', senderName: 'Alex' })]);
    // The same conversation's stream: no second chat was created.
    expect(h.srv.conversations()).toHaveLength(1);
    expect(h.srv.conversations()[0].attaches).toBe(2);
  });

  it('reopens a stream that went silent (no heartbeat for 2.5 intervals)', async () => {
    // 200 ms heartbeats (silence after 500 ms): slow enough that a loaded machine's event-loop stalls
    // do not pass for a silent stream.
    h = await harness({ heartbeatMs: 200 });
    const { rec, id } = await h.start({ heartbeatMs: 200 });
    await sleep(700);
    // Heartbeats keep a quiet chat healthy.
    expect(rec.of('link')).toEqual(['live']);
    h.srv.setHeartbeatInterval(0);
    await until(() => h.srv.conversations()[0].attaches >= 2, 5000, 'a second attach');
    await linkIs(rec, 'live');
    expect(rec.of('link').slice(0, 3)).toEqual(['live', 'down', 'live']);
    h.srv.setHeartbeatInterval(200);
    const attaches = h.srv.conversations()[0].attaches;
    await sleep(1000);
    expect(h.srv.conversations()[0].attaches).toBe(attaches);
    h.srv.agent.join(id, { name: 'Alex' });
    await messageWith(rec, 'Alex joined the chat');
  });

  it('says polling while the stream stays unavailable, and live once it is back', async () => {
    h = await harness();
    const { t, rec, id } = await h.start();
    h.srv.dropSockets(1200);
    await linkIs(rec, 'polling', 3000);
    h.srv.agent.join(id, { name: 'Alex' });
    expect((await t.fetchSince(undefined)).map((m) => m.text)).toEqual(['Alex joined the chat']);
    await linkIs(rec, 'live', 5000);
  });
});

describe('genesys: failures', () => {
  it('turns 429 into a retryable rate_limited error with the server delay', async () => {
    h = await harness();
    const { t } = await h.start();
    h.srv.rateLimitNext(1, 2);
    const err = await t.send({ clientId: 'c1', text: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryable: true, retryAfterMs: 2000 });
    await expect(t.send({ clientId: 'c1', text: 'x' })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('reports an expired JWT mid-chat as an auth error event, and never says the JWT', async () => {
    h = await harness();
    const { t, rec, id } = await h.start();
    h.srv.expireJwt(id);
    const err = await t.send({ clientId: 'c1', text: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', status: 401, retryable: false });
    expect(rec.of('error')).toEqual([err]);
    // The stream cannot come back with that JWT either.
    h.srv.dropSockets();
    await linkIs(rec, 'polling', 3000);
    const err2 = await t.fetchSince(undefined).catch((e) => e);
    expect(err2).toMatchObject({ code: 'auth' });
    expectNoJwt(h, [err, err2]);
  });

  it('drops malformed or hostile frames with a debug log, and passes over what is not for it', async () => {
    h = await harness();
    const { rec, env, id, r } = await h.start();
    const topic = `v2.conversations.chats.${id}.messages`;
    const msg = { id: 'm1', conversation: { id }, sender: { id: 'a1' }, body: 'Hi', bodyType: 'standard', timestamp: '2019-06-18T16:59:22.277Z' };
    const frame = (eventBody: unknown, type = 'message') => JSON.stringify({ topicName: topic, version: '2', eventBody, metadata: { CorrelationId: 'x', type } });
    const malformed = [
      '{not json',
      JSON.stringify({ topicName: topic, metadata: { type: 'message' } }),
      frame({ id: 1 }),
      frame({ ...msg, sender: undefined }),
      frame({ ...msg, body: 42 }),
      frame({ ...msg, timestamp: 'yesterday' }),
      frame({ ...msg, id: '' }),
      frame({ ...msg, id: 'x'.repeat(257) }),
      `{"topicName":"${topic}","eventBody":{"__proto__":{"x":1}},"metadata":{"type":"message"}}`,
    ];
    for (const f of malformed) h.srv.sendRaw(id, f);
    h.srv.sendRaw(id, Buffer.from([1, 2, 3]) as never);
    // Heartbeats, another conversation's topic, unknown types and typing without a sender are not malformed, just not news.
    h.srv.sendRaw(id, '{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}');
    h.srv.sendRaw(id, JSON.stringify({ topicName: 'v2.conversations.chats.other.messages', eventBody: msg, metadata: { type: 'message' } }));
    h.srv.sendRaw(id, frame(msg, 'something-new'));
    h.srv.sendRaw(id, frame({ sender: {} }, 'typing-indicator'));
    h.srv.sendRaw(id, JSON.stringify({ topicName: `v2.conversations.chats.${id}.members`, eventBody: { member: { id: memberOf(r) } }, metadata: { type: 'member-change' } }));
    h.srv.agent.join(id, { name: 'Alex' });
    await messageWith(rec, 'Alex joined the chat');
    expect(env.logs.filter((l) => l.message === 'genesys: dropped a malformed frame')).toHaveLength(malformed.length + 1);
    expect(rec.of('message')).toHaveLength(1);
    expect(rec.of('typing')).toEqual([]);
    expect(rec.of('ended')).toEqual([]);
  });
});

describe('genesys: a stream refused from the start', () => {
  it('each retried connect attaches to the one chat the first created, and connects once streams are accepted', async () => {
    h = await harness();
    h.srv.dropSockets(60_000);
    const { t } = h.open();
    await expect(t.connect({ visitorId: 'v1' })).rejects.toMatchObject({ code: 'network', retryable: true });
    await expect(t.connect({ visitorId: 'v1' })).rejects.toMatchObject({ code: 'network' });
    // Not routed without its stream (§4), and not replaced by another either.
    expect(h.srv.conversations()).toHaveLength(1);
    h.srv.dropSockets(0);
    const connected = await t.connect({ visitorId: 'v1' });
    expect(h.srv.conversations()).toHaveLength(1);
    expect(connected.session.id).toBe(h.srv.conversations()[0].id);
    expect(connected.resumed).toBe(false); // new to the core: no history of it
  });

  it('a new identity, or a disconnect in between, gets a chat of its own', async () => {
    h = await harness();
    h.srv.dropSockets(60_000);
    const { t } = h.open();
    await expect(t.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Dana' } })).rejects.toMatchObject({ code: 'network' });
    await expect(t.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Dana Smith' } })).rejects.toMatchObject({ code: 'network' });
    expect(h.srv.conversations()).toHaveLength(2);
    t.disconnect();
    await expect(t.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Dana Smith' } })).rejects.toMatchObject({ code: 'network' });
    expect(h.srv.conversations()).toHaveLength(3);
  });

  it('with the core: messages wait, one chat is created however long the refusal lasts, and each is sent once after', async () => {
    h = await harness();
    h.srv.dropSockets(60_000);
    const chat = createChat(
      genesys({ ...OPTIONS, apiUrl: h.srv.apiUrl, socket: fast }),
      { backend: 'genesys', storage: 'memory', pollInterval: 100 },
      { store: memoryStore(), WebSocket: NodeWS, clock: realClock, random: () => 0.5, retry: { baseMs: 50, capMs: 200 }, log: () => {} },
    );
    try {
      void chat.start();
      chat.send('Typed while the stream is refused');
      await sleep(4000); // several connect attempts
      expect(h.srv.conversations()).toHaveLength(1);
      expect(chat.messages.value.map((m) => [m.text, m.status])).toEqual([['Typed while the stream is refused', 'sending']]);
      h.srv.dropSockets(0);
      await until(() => chat.status.value === 'online', 10_000, 'online');
      const id = h.srv.conversations()[0].id;
      await until(() => h.srv.messages(id).some((m) => m.body === 'Typed while the stream is refused'), 5000, 'sent');
      chat.send('After');
      await until(() => h.srv.messages(id).some((m) => m.body === 'After'), 5000, 'sent after');
      expect(h.srv.conversations()).toHaveLength(1);
      expect(h.srv.messages(id).filter((m) => m.body === 'Typed while the stream is refused')).toHaveLength(1);
    } finally {
      chat.destroy();
    }
  });
});

describe('genesys with the core', () => {
  it('a chat shows the agent reply, survives a drop and catches up what it missed', async () => {
    h = await harness();
    const chat = createChat(
      genesys({ ...OPTIONS, apiUrl: h.srv.apiUrl, socket: fast }),
      // The core polls every pollInterval while the stream is away (and finds the end that way too).
      { backend: 'genesys', storage: 'memory', pollInterval: 100 },
      { store: memoryStore(), WebSocket: NodeWS, clock: realClock, random: () => 0.5, log: () => {} },
    );
    try {
      await chat.start();
      expect(chat.status.value).toBe('online');
      const id = h.srv.conversations()[0].id;
      chat.send('Hello there');
      await until(() => h.srv.messages(id).some((m) => m.body === 'Hello there'), 3000, 'sent');
      h.srv.agent.join(id, { name: 'Alex' });
      await until(() => chat.messages.value.some((m) => m.text === 'Alex joined the chat'), 3000, 'join');
      h.srv.agent.say(id, 'Hi! What can I do?');
      await until(() => chat.messages.value.some((m) => m.text === 'Hi! What can I do?'), 3000, 'reply');
      h.srv.dropSockets(200);
      h.srv.agent.say(id, 'Are you still there?');
      await until(() => chat.messages.value.some((m) => m.text === 'Are you still there?'), 5000, 'catch-up');
      expect(chat.messages.value.map((m) => `${m.sender}: ${m.text}`)).toEqual([
        'visitor: Hello there',
        'system: Alex joined the chat',
        'agent: Hi! What can I do?',
        'agent: Are you still there?',
      ]);
      // The echo confirmed the send: one visitor message, with the server id.
      const own = chat.messages.value[0];
      expect(own.id).toBe(h.srv.messages(id).find((m) => m.body === 'Hello there')!.id);
      h.srv.agent.end(id);
      await until(() => chat.status.value === 'ended', 3000, 'ended');
    } finally {
      chat.destroy();
    }
  });
});
