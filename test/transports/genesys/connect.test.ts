import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/core/errors';
import { genesys } from '../../../src/transports/genesys/index';
import { until } from '../../helpers/node-env';
import { expectNoJwt, harness, messageWith, OPTIONS, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const B = '/api/v2/webchat/guest/conversations';
const createBody = () => JSON.parse(h.srv.requests().find((r) => r.method === 'POST' && r.url === B)!.body);

describe('genesys: starting a chat', () => {
  it('creates the conversation, opens the stream, sends, and shows the agent reply with the agent name', async () => {
    const { t, rec, r, id } = await h.start();
    expect(r.resumed).toBe(false);
    expect(r.messages).toEqual([]);
    // The create response as it came (§5).
    expect(Object.keys(r.session).sort()).toEqual(['eventStreamUri', 'id', 'jwt', 'member']);
    expect(rec.of('link')).toEqual(['live']);
    // Routing started because the stream is attached.
    expect(h.srv.conversations()[0]).toMatchObject({ id, routed: true, sockets: 1 });

    const sent = await t.send({ clientId: 'c1', text: 'hello' });
    const stored = h.srv.messages(id).find((m) => m.body === 'hello')!;
    expect(sent).toEqual({ id: stored.id, createdAt: stored.timestamp });
    // The echo comes back as the visitor's message with the server id: the core matches it to the send.
    const echo = await messageWith(rec, 'hello');
    expect(echo).toEqual({ id: sent.id, text: 'hello', sender: 'visitor', createdAt: sent.createdAt });

    h.srv.agent.join(id, { name: 'Alex' });
    h.srv.agent.say(id, 'Hi Jane, how can I help?');
    const reply = await messageWith(rec, 'Hi Jane, how can I help?');
    expect(reply).toMatchObject({ sender: 'agent', senderName: 'Alex' });
    expect(rec.of('message').map((m) => `${m.sender}: ${m.text}`)).toEqual([
      'visitor: hello',
      'system: Alex joined the chat',
      'agent: Hi Jane, how can I help?',
    ]);
    expectNoJwt(h);
  });

  it('creates the chat with the configured routing, the guest defaults and the visitor identity', async () => {
    const { t } = h.open({ skills: 'Billing, VIP', language: 'English', priority: '5', avatarImageUrl: 'https://example.invalid/a.png', customFields: { site: 'shop' } });
    await t.connect({ visitorId: 'v1', identity: { id: 'u1', name: 'Jane', email: 'jane@example.invalid', plan: 'gold', visits: 3 } });
    expect(createBody()).toEqual({
      organizationId: 'org-1',
      deploymentId: 'dep-1',
      routingTarget: { targetType: 'QUEUE', targetAddress: 'Support', skills: ['Billing', 'VIP'], language: 'English', priority: 5 },
      memberInfo: {
        displayName: 'Jane',
        email: 'jane@example.invalid',
        avatarImageUrl: 'https://example.invalid/a.png',
        customFields: { site: 'shop', id: 'u1', plan: 'gold' },
      },
    });
    expect(h.srv.conversations()[0].guest).toMatchObject({ displayName: 'Jane', role: 'CUSTOMER', customFields: { site: 'shop', id: 'u1', plan: 'gold' } });
  });

  it('names an anonymous visitor with displayName, or "Guest"', async () => {
    await h.open({ displayName: 'Website visitor' }).t.connect({ visitorId: 'v1' });
    expect(createBody().memberInfo).toEqual({ displayName: 'Website visitor' });
    h.srv.clearRequests();
    await h.open().t.connect({ visitorId: 'v2' });
    expect(createBody().memberInfo).toEqual({ displayName: 'Guest' });
  });

  it('fails with a retryable network error when the event stream cannot be opened', async () => {
    const { t } = h.open();
    h.srv.dropSockets(60_000);
    const err = await t.connect({ visitorId: 'v1' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'network', retryable: true });
    expectNoJwt(h, [err]);
  });

  it('reports a refused create as a non-retryable error', async () => {
    await h.close();
    h = await harness({ queues: ['Support'] });
    const err = await h.open({ queue: 'Nope' }).t.connect({ visitorId: 'v1' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'http', status: 400, retryable: false });
  });
});

describe('genesys: resuming after a reload', () => {
  it('resumes while the JWT is valid, with the history', async () => {
    const first = await h.start();
    await first.t.send({ clientId: 'c1', text: 'hello' });
    h.srv.agent.join(first.id, { name: 'Alex' });
    h.srv.agent.say(first.id, 'welcome back soon');
    await messageWith(first.rec, 'welcome back soon');
    first.t.disconnect();

    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1', session: first.r.session });
    expect(r.resumed).toBe(true);
    expect(r.session).toEqual(first.r.session);
    expect(r.hasMoreBefore).toBe(false);
    expect(r.messages.map((m) => `${m.sender}: ${m.text}`)).toEqual(['visitor: hello', 'system: Alex joined the chat', 'agent: welcome back soon']);
    expect(h.srv.conversations()).toHaveLength(1);
    h.srv.agent.say(first.id, 'still here');
    await messageWith(rec, 'still here');
  });

  it('starts a fresh conversation when the JWT was refused as expired, without an error event', async () => {
    const first = await h.start();
    first.t.disconnect();
    h.srv.expireJwt(first.id);
    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1', session: first.r.session });
    expect(r.resumed).toBe(false);
    expect(r.session.id).not.toBe(first.id);
    expect(h.srv.conversations()).toHaveLength(2);
    expect(rec.of('error')).toEqual([]);
    expectNoJwt(h);
  });

  it('starts afresh when the stored chat has ended', async () => {
    const first = await h.start();
    h.srv.agent.join(first.id, { name: 'Alex' });
    h.srv.agent.end(first.id);
    await until(() => first.rec.of('ended').length, 3000, 'ended');
    const r = await h.open().t.connect({ visitorId: 'v1', session: first.r.session });
    expect(r.resumed).toBe(false);
    expect(r.session.id).not.toBe(first.id);
  });

  it('ignores a stored session of the wrong shape', async () => {
    const r = await h.open().t.connect({ visitorId: 'v1', session: { conversationId: 42 } });
    expect(r.resumed).toBe(false);
  });
});

describe('genesys: history paging', () => {
  it('pages older messages with before/maxResults and says when there are more', async () => {
    const { t, rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    for (let i = 1; i <= 5; i++) h.srv.agent.say(id, `m${i}`);
    const m5 = await messageWith(rec, 'm5');
    const page = await t.fetchBefore!(m5.id, 2);
    expect(page.messages.map((m) => m.text)).toEqual(['m3', 'm4']);
    expect(page.hasMore).toBe(true);
    const rest = await t.fetchBefore!(page.messages[0].id, 10);
    // The guest's own join is not shown; the agent's is.
    expect(rest.messages.map((m) => m.text)).toEqual(['Alex joined the chat', 'm1', 'm2']);
    expect(rest.hasMore).toBe(false);
    const q = h.srv.requests().filter((r) => r.url.includes('before='));
    expect(q[0].url).toBe(`${B}/${id}/messages?sortOrder=descending&maxResults=2&before=${m5.id}`);
  });

  it('hands the newest 100 at resume and says older ones exist', async () => {
    const first = await h.start();
    h.srv.agent.join(first.id, { name: 'Alex' });
    for (let i = 1; i <= 120; i++) h.srv.agent.say(first.id, `m${i}`);
    first.t.disconnect();
    const r = await h.open().t.connect({ visitorId: 'v1', session: first.r.session });
    expect(r.messages).toHaveLength(100);
    expect(r.messages.at(-1)!.text).toBe('m120');
    expect(r.hasMoreBefore).toBe(true);
  });

  it('fetches everything after a message id, paging past 100', async () => {
    const { t, rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    const m0 = h.srv.agent.say(id, 'm0');
    await messageWith(rec, 'm0');
    for (let i = 1; i <= 150; i++) h.srv.agent.say(id, `m${i}`);
    const got = await t.fetchSince(String(m0.id));
    expect(got.map((m) => m.text)).toEqual(Array.from({ length: 150 }, (_, i) => `m${i + 1}`));
    expect(h.srv.requests().filter((r) => r.url.includes('after=')).length).toBe(2);
  });
});

describe('genesys: options', () => {
  const bad = (o: object) => {
    // Factories do not throw: the spec's create() throws the config error (createChat reports it).
    const spec = genesys({ ...OPTIONS, ...o } as never);
    try {
      spec.create(h.open().env);
    } catch (e) {
      return e as ParleyError;
    }
    throw new Error('no error');
  };

  it.each([
    [{ organizationId: undefined }, 'organizationId'],
    [{ deploymentId: '' }, 'deploymentId'],
    [{ queue: 7 }, 'queue'],
    [{ apiUrl: 'ftp://x' }, 'apiUrl'],
    [{ priority: 'high' }, 'priority'],
    [{ heartbeatMs: 'often' }, 'heartbeatMs'],
    [{ language: ['English'] }, 'language'],
    [{ skills: 5 }, 'skills'],
    [{ customFields: 'a=b' }, 'customFields'],
  ])('names the key of a bad option (%o)', (o, key) => {
    const e = bad(o);
    expect(e).toBeInstanceOf(ParleyError);
    expect(e).toMatchObject({ code: 'config', key });
    expect(e.message.startsWith(`genesys: "${key}" must be`)).toBe(true);
  });

  it('turns the environment into the API host the way the SDK does', () => {
    expect(genesys({ ...OPTIONS, environment: 'mypurecloud.ie' }).scope).toBe('https://api.mypurecloud.ie|org-1|dep-1');
    expect(genesys({ ...OPTIONS, environment: 'https://api.mypurecloud.de/' }).scope).toBe('https://api.mypurecloud.de|org-1|dep-1');
    expect(genesys(OPTIONS).scope).toBe('https://api.mypurecloud.com|org-1|dep-1');
    expect(genesys({ ...OPTIONS, apiUrl: 'http://127.0.0.1:9/' }).scope).toBe('http://127.0.0.1:9|org-1|dep-1');
  });

  it('promises what guest chat can do, and nothing more', () => {
    expect(genesys(OPTIONS).create(h.open().env).capabilities).toEqual({
      typing: true,
      readReceipts: false,
      editDelete: false,
      replyTo: false,
      attachments: false,
      presence: false,
      customEvents: false,
      historyPaging: true,
      csat: false,
      endConversation: true,
    });
  });
});
