/**
 * Changing user never leaks: after `identify()` with another id, or `reset()`, each built-in backend
 * (through createChat, against the real local servers, with the site's token endpoint) starts a new
 * conversation with a new token, and shows nothing of the previous user's. Also: Genesys sends the
 * site's token as `memberAuthToken`, and no token shows in what the chat says.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGenesysServer, type GenesysServer } from '../../servers/genesys/index.js';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import type { Chat } from '../../src/core/model';
import { genesys } from '../../src/transports/genesys/index';
import { pingstreams } from '../../src/transports/pingstreams/index';
import { pocketping } from '../../src/transports/pocketping/index';
import { until } from '../helpers/node-env';
import { chatOver, fast, startTokenSite, type TokenSite } from './token-site';

let site: TokenSite;
const chats: Chat[] = [];
const stops: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  site = await startTokenSite();
});
afterAll(() => site.close());
beforeEach(() => {
  site.grants.length = site.issued.length = 0;
  site.user = 'alice';
  site.failWith = 0;
  site.mint = (user, n) => `tok-${user}-${n}`;
});
afterEach(async () => {
  for (const c of chats.splice(0)) c.destroy();
  for (const s of stops.splice(0)) await s();
});

type Over = ReturnType<typeof chatOver>;
const texts = (chat: Chat) => chat.messages.value.map((m) => m.text);

/**
 * Alice chats (one message, confirmed); then the site signs Bob in and the widget switches to him:
 * `identify()` with his id, or `reset()` and then his `identify()`.
 */
async function aliceThenBob(o: Over, change: 'identify' | 'reset') {
  const { chat } = o;
  chats.push(chat);
  await chat.identify({ id: 'alice', name: 'Alice' });
  await chat.start();
  expect(chat.status.value).toBe('online');
  chat.send('secret of alice');
  await until(() => chat.messages.value[0]?.status === 'sent', 3000, 'sent');
  site.user = 'bob';
  if (change == 'identify') await chat.identify({ id: 'bob', name: 'Bob' });
  else {
    await chat.reset();
    await chat.identify({ id: 'bob', name: 'Bob' });
    await chat.start();
  }
  await until(() => chat.status.value === 'online', 3000, 'online as bob');
  expect(texts(chat)).toEqual([]);
  // Bob's token came from scratch, not from Alice's refresh token.
  expect(site.grants).toEqual([{ grant_type: 'client_credentials' }, { grant_type: 'client_credentials' }]);
  expect(site.issued).toHaveLength(2);
}

/** No token the site issued shows in the chat's logs or errors. */
const expectNoToken = (o: Over) => {
  const text = o.said();
  for (const t of site.issued) expect(text.includes(t), 'a token leaked').toBe(false);
};

describe.each(['identify', 'reset'] as const)('changing user with %s()', (change) => {
  it('PocketPing: a new session, every request with the new token', async () => {
    const auths: (string | undefined)[] = [];
    const srv: PocketPingServer = await startPocketPingServer({ authorize: (h) => (auths.push(h), !!h) });
    stops.push(() => srv.stop());
    const o = chatOver(pocketping({ endpoint: srv.endpoint, socket: fast, auth: { tokenUrl: site.tokenUrl } }), 'pocketping');
    auths.length = 0;
    await aliceThenBob(o, change);
    const [a, b] = srv.sessions();
    expect(b.visitorId).not.toBe(a.visitorId);
    expect(srv.messages(b.id)).toEqual([]);
    const switched = auths.indexOf('Bearer tok-bob-2');
    expect(switched).toBeGreaterThan(0);
    expect(new Set(auths.slice(switched))).toEqual(new Set(['Bearer tok-bob-2']));
    o.chat.send('hello from bob');
    await until(() => srv.messages(b.id).length === 1, 3000, "bob's message");
    expect(srv.messages(a.id).map((m) => m.content)).toEqual(['secret of alice']);
    expectNoToken(o);
  });

  it('Genesys: a new chat with the new memberAuthToken', async () => {
    const srv: GenesysServer = await startGenesysServer({ jwtAlg: 'HS256', memberAuth: (t) => !!t });
    stops.push(() => srv.stop());
    const spec = genesys({ organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Support', apiUrl: srv.apiUrl, socket: fast, auth: { tokenUrl: site.tokenUrl } });
    const o = chatOver(spec, 'genesys');
    await aliceThenBob(o, change);
    const [a, b] = srv.conversations();
    expect([a.memberAuthToken, b.memberAuthToken]).toEqual(['tok-alice-1', 'tok-bob-2']);
    expect(b.guest).toMatchObject({ displayName: 'Bob', authenticatedGuest: true });
    expect(b.messageCount).toBeLessThan(a.messageCount);
    expectNoToken(o);
  });

  it('Pingstreams: a new request as the new user', async () => {
    const srv: PingstreamsServer = await startPingstreamsServer({});
    stops.push(() => srv.stop());
    site.mint = (user) => srv.mintToken({ _id: 'site-' + user, firstname: user }, { expiresInSec: 600 });
    const spec = pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500, auth: { tokenUrl: site.tokenUrl } });
    const o = chatOver(spec, 'pingstreams');
    await aliceThenBob(o, change);
    o.chat.send('hello from bob');
    await until(() => srv.requests().length === 2, 3000, "bob's request");
    const [a, b] = srv.requests();
    expect([a.snapshot.requester.uuid_user, b.snapshot.requester.uuid_user]).toEqual(['site-alice', 'site-bob']);
    expect(b.request_id).not.toBe(a.request_id);
    expectNoToken(o);
  });
});

describe('Genesys authenticated guests', () => {
  it('fails clearly when the deployment requires a token and none is configured', async () => {
    const srv = await startGenesysServer({ jwtAlg: 'HS256', memberAuth: (t) => t === 'signed' });
    stops.push(() => srv.stop());
    const o = chatOver(genesys({ organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Support', apiUrl: srv.apiUrl, socket: fast }), 'genesys');
    chats.push(o.chat);
    await o.chat.start();
    expect(o.chat.status.value).toBe('error');
    expect(o.chat.error.value).toMatchObject({ code: 'http', status: 400, message: expect.stringContaining('Deployment requires authentication') });
  });

  it('sends the token a function gives as memberAuthToken', async () => {
    const srv = await startGenesysServer({ jwtAlg: 'HS256', memberAuth: (t) => t === 'signed' });
    stops.push(() => srv.stop());
    const spec = genesys({ organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Support', apiUrl: srv.apiUrl, socket: fast, auth: async () => ({ access_token: 'signed' }) });
    const o = chatOver(spec, 'genesys');
    chats.push(o.chat);
    await o.chat.start();
    expect(o.chat.status.value).toBe('online');
    expect(srv.conversations()[0]).toMatchObject({ memberAuthToken: 'signed', guest: { authenticatedGuest: true } });
    expect(o.said()).not.toContain('signed');
  });
});
