import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/core/errors';
import { realClock, until } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

/** Time skew applied to both the server's clock and the transport's clock (token expiry is the subject). */
let serverSkew = 0;
let clientSkew = 0;
const skewedClock = { ...realClock, now: () => Date.now() + clientSkew };

/** The site's token endpoint (Pusher-style access/refresh tokens), minting Pingstreams custom JWTs. */
let site: Server;
let tokenUrl: string;
let grants: Record<string, string>[];
let issued: string[];
let siteUp = true;

let h: Harness;
beforeAll(async () => {
  site = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = Object.fromEntries(new URLSearchParams(raw));
      grants.push(body);
      if (!siteUp) {
        res.writeHead(502).end();
        return;
      }
      const access = h.srv.mintToken({ _id: 'site-user-1', firstname: 'Sia', lastname: 'Site', email: 'sia@site.test' }, { expiresInSec: 60 });
      issued.push(access);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: access, token_type: 'bearer', expires_in: 60, refresh_token: `rt-${issued.length}` }));
    });
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  tokenUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise((r) => site.close(r)));

beforeEach(async () => {
  serverSkew = 0;
  clientSkew = 0;
  grants = [];
  issued = [];
  siteUp = true;
  h = await harness({ now: () => Date.now() + serverSkew });
});
afterEach(() => h.close());

const messagePosts = () => h.srv.seen().filter((s) => s.method === 'POST' && s.path.endsWith('/messages'));

describe('pingstreams transport, custom JWT from the site', () => {
  it('signs in with a JWT minted by the site and sends as that user', async () => {
    const jwt = h.srv.mintToken({ _id: 'site-user-9', firstname: 'Tom' }, { expiresInSec: 600 });
    const { t } = h.open({ auth: { token: jwt } });
    const r = await t.connect({ visitorId: 'v1' });
    expect(r.session).toEqual({ requestId: expect.any(String), userId: 'site-user-9' });
    await t.send({ clientId: 'c1', text: 'from the site' });
    expect(h.srv.requests()[0].snapshot.requester.uuid_user).toBe('site-user-9');
    expect(messagePosts()[0].headers.authorization).toBe('JWT ' + jwt);
    const [m] = await t.fetchSince(undefined);
    expect(m).toMatchObject({ sender: 'visitor', text: 'from the site' });
  });

  it('fails with an auth error when the site JWT has expired', async () => {
    const jwt = h.srv.mintToken({ _id: 'site-user-9' }, { expiresInSec: -1 });
    const { t } = h.open({ auth: { token: jwt } });
    const err = await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'auth', status: 401 });
  });

  it('gets its JWT from the token endpoint and renews it with the refresh token before it expires', async () => {
    const { t } = h.open({ auth: { tokenUrl } }, { clock: skewedClock });
    const r = await t.connect({ visitorId: 'v1' });
    expect(r.session.userId).toBe('site-user-1');
    expect(grants).toEqual([{ grant_type: 'client_credentials' }]);
    const signin = h.srv.seen().find((s) => s.path === '/auth/signinWithCustomToken');
    expect(signin?.headers.authorization).toBe('JWT ' + issued[0]);
    await t.send({ clientId: 'c1', text: 'one' });

    serverSkew = clientSkew = 50_000; // past 80 % of the 60 s lifetime
    await t.send({ clientId: 'c2', text: 'two' });
    expect(grants[1]).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    expect(messagePosts().map((p) => [p.status, p.headers.authorization])).toEqual([
      [200, 'JWT ' + issued[0]],
      [200, 'JWT ' + issued[1]],
    ]);
  });

  it('retries once with a fresh JWT when the server rejects one the page still thought valid', async () => {
    const { t } = h.open({ auth: { tokenUrl } }, { clock: skewedClock });
    await t.connect({ visitorId: 'v1' });
    serverSkew = 61_000; // the server's clock says expired; the page's does not
    await t.send({ clientId: 'c1', text: 'after expiry' });
    expect(messagePosts().map((p) => p.status)).toEqual([401, 200]);
    expect(grants.map((g) => g.grant_type)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('reconnects the socket with a fresh JWT after the old one expired', async () => {
    const { t, rec } = h.open({ auth: { tokenUrl } }, { clock: skewedClock });
    const r = await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    serverSkew = clientSkew = 120_000;
    h.srv.dropSockets();
    await until(() => rec.of('link').length >= 3 && rec.of('link').at(-1) === 'live', 3000, 'live again');
    expect(rec.of('link')).toEqual(['live', 'down', 'live']);
    expect(grants.length).toBe(2);
    h.srv.agent.say(String(r.session.requestId), 'still here');
    const got = await t.fetchSince(undefined);
    expect(got.map((m) => m.text)).toEqual(['hi', 'still here']);
  });

  it('takes the JWT from a getToken function and resumes the same user only', async () => {
    const getToken = async () => ({
      access_token: h.srv.mintToken({ _id: 'fn-user', firstname: 'Fay' }, { expiresInSec: 300 }),
      token_type: 'bearer',
      expires_in: 300,
    });
    const first = h.open({ auth: { getToken } });
    const r = await first.t.connect({ visitorId: 'v1' });
    await first.t.send({ clientId: 'c1', text: 'mine' });
    first.t.disconnect();
    const again = await h.open({ auth: { getToken } }).t.connect({ visitorId: 'v1', session: r.session });
    expect(again.resumed).toBe(true);
    expect(again.messages.map((m) => m.text)).toEqual(['mine']);
    const other = await h.open({ auth: { getToken } }).t.connect({ visitorId: 'v1', session: { ...r.session, userId: 'someone-else' } });
    expect(other.resumed).toBe(false);
  });

  it('reports a failing token endpoint as an auth error', async () => {
    siteUp = false;
    const { t } = h.open({ tokenUrl });
    const err = await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth', status: 502, retryable: true });
  });
});

describe('pingstreams transport, e-mail and password', () => {
  it('signs a registered user in and sends as them, without keeping a token in the session', async () => {
    const creds = h.srv.users.find((u) => u.role === 'user')!;
    const { t } = h.open({ auth: { email: creds.email, password: creds.password } });
    const r = await t.connect({ visitorId: 'v1' });
    expect(r.session).toEqual({ requestId: expect.any(String), userId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    await t.send({ clientId: 'c1', text: 'registered' });
    const [m] = await t.fetchSince(undefined);
    expect(m).toMatchObject({ sender: 'visitor', senderName: 'Vera Visitor' });
    expect(h.srv.seen().find((s) => s.path === '/auth/signin')?.body).toEqual({ email: creds.email, password: creds.password });
  });

  it('fails with an auth error on a wrong password', async () => {
    const { t } = h.open({ auth: { email: 'visitor@pingstreams.test', password: 'wrong' } });
    expect(await t.connect({ visitorId: 'v1' }).catch((e: unknown) => e)).toMatchObject({ code: 'auth', status: 401 });
  });
});
