import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenProvider, type TokenResponse } from '../../src/auth/token-provider';
import { ParleyError } from '../../src/core/errors';

/** A site-style token endpoint on loopback: records each call, answers what the test scripts. */
interface Call {
  contentType: string | undefined;
  body: Record<string, string>;
}
let server: Server;
let tokenUrl: string;
let calls: Call[];
let answer: (call: Call, n: number) => { status: number; body: string };

const grant = (n: number, extra: Partial<TokenResponse> = {}) => ({
  status: 200,
  body: JSON.stringify({ access_token: `access-${n}`, token_type: 'bearer', expires_in: 60, ...extra }),
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const call = { contentType: req.headers['content-type'], body: Object.fromEntries(new URLSearchParams(raw)) };
      calls.push(call);
      const a = answer(call, calls.length);
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley/token`;
});
afterAll(() => new Promise((r) => server.close(r)));

let now = 0;
const clock = { now: () => now };
const env = { fetch, clock };
const provider = () => createTokenProvider(tokenUrl, env);

beforeEach(() => {
  calls = [];
  now = 1_000_000;
  answer = (_c, n) => grant(n, { refresh_token: `refresh-${n}` });
});

describe('createTokenProvider with a token endpoint', () => {
  it('asks for client credentials once and serves the cached token until it is due', async () => {
    const p = provider();
    expect(await Promise.all([p.getToken(), p.getToken()])).toEqual(['access-1', 'access-1']);
    now += 47_000;
    expect(await p.getToken()).toBe('access-1');
    expect(calls).toEqual([{ contentType: expect.stringMatching(/^application\/x-www-form-urlencoded\b/), body: { grant_type: 'client_credentials' } }]);
  });

  it('renews with the refresh token at 80 % of the lifetime', async () => {
    const p = provider();
    await p.getToken();
    now += 49_000;
    expect(await p.getToken()).toBe('access-2');
    expect(calls[1].body).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    now += 49_000;
    await p.getToken();
    expect(calls[2].body).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-2' });
  });

  it('renews long-lived tokens 30 s before they expire', async () => {
    answer = (_c, n) => grant(n, { expires_in: 3600 });
    const p = provider();
    await p.getToken();
    now += 3569_000;
    expect(await p.getToken()).toBe('access-1');
    now += 2_000;
    expect(await p.getToken()).toBe('access-2');
  });

  it('asks for client credentials again when there is no refresh token', async () => {
    answer = (_c, n) => grant(n);
    const p = provider();
    await p.getToken();
    now += 61_000;
    expect(await p.getToken()).toBe('access-2');
    expect(calls.map((c) => c.body)).toEqual([{ grant_type: 'client_credentials' }, { grant_type: 'client_credentials' }]);
  });

  it('falls back to client credentials when the refresh token is refused', async () => {
    answer = (c, n) => (c.body.grant_type === 'refresh_token' ? { status: 401, body: '{"error":"invalid_grant"}' } : grant(n, { refresh_token: 'r' }));
    const p = provider();
    await p.getToken();
    now += 60_000;
    expect(await p.getToken()).toBe('access-3');
    expect(calls.map((c) => c.body.grant_type)).toEqual(['client_credentials', 'refresh_token', 'client_credentials']);
  });

  it('retries once with a fresh token when the backend rejects the first (withAuth)', async () => {
    const p = provider();
    const used: string[] = [];
    const result = await p.withAuth(async (token) => {
      used.push(token);
      if (token === 'access-1') throw new ParleyError('auth', 'rejected', { status: 401 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(used).toEqual(['access-1', 'access-2']);
    expect(calls[1].body).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
  });

  it('gives up after the one retry and passes other errors through untouched', async () => {
    const p = provider();
    let tries = 0;
    const denied = await p.withAuth(async () => {
      tries++;
      throw new ParleyError('auth', 'still rejected');
    }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'auth', message: 'still rejected' });
    expect(tries).toBe(2);
    const down = await p.withAuth(async () => {
      throw new ParleyError('network', 'offline');
    }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: 'network' });
    expect(calls).toHaveLength(2);
  });

  it('reports a failing endpoint as an auth error with its status, never the token', async () => {
    answer = () => ({ status: 503, body: '{}' });
    const e1 = await provider().getToken().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ParleyError);
    expect(e1).toMatchObject({ code: 'auth', status: 503, retryable: true, message: 'token endpoint failed (503)' });
    answer = () => ({ status: 403, body: '{"error":"not logged in"}' });
    expect(await provider().getToken().catch((e: unknown) => e)).toMatchObject({ code: 'auth', status: 403, retryable: false });
  });

  it('reports bad JSON and answers without an access token as auth errors', async () => {
    answer = () => ({ status: 200, body: '<html>login</html>' });
    expect(await provider().getToken().catch((e: unknown) => e)).toMatchObject({ code: 'auth', message: 'token endpoint failed', retryable: false });
    answer = () => ({ status: 200, body: '{"token":"secret-value"}' });
    const e = await provider().getToken().catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'auth', message: 'token endpoint failed', retryable: false });
    expect(String((e as Error).message)).not.toContain('secret-value');
  });

  it('reports an unreachable endpoint as a retryable auth error', async () => {
    const p = createTokenProvider('http://127.0.0.1:9/closed', env);
    expect(await p.getToken().catch((e: unknown) => e)).toMatchObject({ code: 'auth', retryable: true });
  });
});

describe('createTokenProvider with a getToken function', () => {
  it('calls the function again once the token is due, and after the backend refused it', async () => {
    let n = 0;
    const p = createTokenProvider(async () => ({ access_token: `fn-${++n}`, token_type: 'bearer', expires_in: 100 }), env);
    expect(await p.getToken()).toBe('fn-1');
    now += 79_000;
    expect(await p.getToken()).toBe('fn-1');
    now += 2_000;
    expect(await p.getToken()).toBe('fn-2');
    const seen: string[] = [];
    await p.withAuth(async (t, type) => {
      seen.push(`${type} ${t}`);
      if (t == 'fn-2') throw new ParleyError('auth', 'expired', { status: 401 });
    });
    expect(seen).toEqual(['bearer fn-2', 'bearer fn-3']);
    expect(await p.getToken()).toBe('fn-3');
  });

  it('turns a failing function into an auth error', async () => {
    const p = createTokenProvider(() => Promise.reject(new Error('site down')), env);
    expect(await p.getToken().catch((e: unknown) => e)).toMatchObject({ code: 'auth', message: 'token endpoint failed', retryable: false });
  });
});
