/**
 * PocketPing behind a site's own auth: every HTTP request carries the site's token (from a real local
 * token endpoint), a 401 renews it once, and the token never shows in what the transport says.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import { ParleyError } from '../../../src/core/errors';
import { pocketping } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { startTokenSite, type TokenSite } from '../../integration/token-site';
import { nodeEnv } from '../../helpers/node-env';
import { record } from '../../helpers/recorder';

const fast = { minDelay: 20, maxDelay: 200, stallMs: 800, stallAttempts: 3, connectTimeout: 1000 };

let site: TokenSite;
let srv: PocketPingServer;
/** `Authorization` of every request the server's auth layer saw, and the tokens it takes. */
let seen: (string | undefined)[];
let valid: Set<string>;
const made: Transport[] = [];

beforeAll(async () => {
  site = await startTokenSite();
});
afterAll(() => site.close());
beforeEach(async () => {
  site.grants.length = site.issued.length = 0;
  site.failWith = 0;
  seen = [];
  valid = new Set();
  // Every token the site issues is good until a test revokes it.
  site.mint = (user, n) => {
    const t = `tok-${user}-${n}`;
    valid.add('Bearer ' + t);
    return t;
  };
  srv = await startPocketPingServer({ authorize: (h) => (seen.push(h), valid.has(h ?? '')) });
});
afterEach(async () => {
  for (const t of made.splice(0)) t.disconnect();
  await srv.stop();
});

const open = (auth: Parameters<typeof pocketping>[0]['auth'] = { tokenUrl: site.tokenUrl }) => {
  const env = nodeEnv();
  const t = pocketping({ endpoint: srv.endpoint, socket: fast, auth }).create(env);
  made.push(t);
  return { t, env, rec: record(t) };
};

/** No issued token in the transport's logs, events or the given errors. */
function expectNoToken(o: ReturnType<typeof open>, errors: unknown[] = []) {
  const text = JSON.stringify([o.env.logs, o.rec.all.map((e) => String(e.value)), errors.map((e) => [String(e), (e as Error).stack, String((e as Error).cause)])]);
  expect(site.issued.length).toBeGreaterThan(0);
  for (const t of site.issued) expect(text.includes(t), 'a token leaked').toBe(false);
}

describe('pocketping with the site token provider', () => {
  it('sends Authorization: <token_type> <access_token> on every request, from one grant', async () => {
    const o = open();
    await o.t.connect({ visitorId: 'v1' });
    await o.t.send({ clientId: 'c1', text: 'hello' });
    await o.t.setTyping!(true);
    expect(seen.length).toBe(3); // connect, message, typing
    expect(new Set(seen)).toEqual(new Set(['Bearer tok-alice-1']));
    expect(site.grants).toEqual([{ grant_type: 'client_credentials' }]);
    expectNoToken(o);
  });

  it('renews a rejected token once and retries the request with the new one', async () => {
    const o = open();
    await o.t.connect({ visitorId: 'v1' });
    valid.delete('Bearer tok-alice-1'); // e.g. the site signed it out early
    seen = [];
    const sent = await o.t.send({ clientId: 'c1', text: 'after renewal' });
    expect(sent.id).toBeTruthy();
    expect(seen).toEqual(['Bearer tok-alice-1', 'Bearer tok-alice-2']);
    expect(site.grants[1]).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-alice-1' });
    expect(srv.messages(srv.sessions()[0].id).map((m) => m.content)).toEqual(['after renewal']);
    expectNoToken(o);
  });

  it('retries only once: a second 401 is an auth error that names no token', async () => {
    const o = open();
    await o.t.connect({ visitorId: 'v1' });
    site.mint = (user, n) => `tok-${user}-${n}`; // new tokens are not accepted either
    valid.clear();
    seen = [];
    const err = await o.t.send({ clientId: 'c1', text: 'refused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'auth', status: 401, retryable: false });
    expect(seen).toEqual(['Bearer tok-alice-1', 'Bearer tok-alice-2']);
    expectNoToken(o, [err]);
  });

  it('reports a failing token endpoint as a clear auth error, without reaching the server', async () => {
    site.failWith = 403;
    const o = open();
    const err = await o.t.connect({ visitorId: 'v1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth', message: 'token endpoint failed (403)', retryable: false });
    expect(seen).toEqual([]);
  });

  it('takes the token from a function, with its token type', async () => {
    valid.add('JWT fn-token');
    const o = open(async () => ({ access_token: 'fn-token', token_type: 'JWT' }));
    await o.t.connect({ visitorId: 'v1' });
    expect(new Set(seen)).toEqual(new Set(['JWT fn-token']));
  });

  it('gets a new token from scratch for another visitor (never the previous refresh token)', async () => {
    const o = open();
    const first = await o.t.connect({ visitorId: 'alice-visitor' });
    site.user = 'bob';
    const next = await o.t.connect({ visitorId: 'bob-visitor' });
    site.user = 'alice';
    expect(next.session.sessionId).not.toBe(first.session.sessionId);
    expect(site.grants).toEqual([{ grant_type: 'client_credentials' }, { grant_type: 'client_credentials' }]);
    expect(seen.at(-1)).toBe('Bearer tok-bob-2');
  });

  it('rejects an auth option that is neither a function nor { tokenUrl }', () => {
    const spec = pocketping({ endpoint: srv.endpoint, auth: { token: 'x' } as never });
    expect(() => spec.create(nodeEnv())).toThrow(
      expect.objectContaining({ code: 'config', key: 'auth', message: 'pocketping: "auth" must be a function or { tokenUrl }' }),
    );
  });
});
