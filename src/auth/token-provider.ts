/**
 * Short-lived access tokens from the host site, shared by every backend (Pingstreams custom JWTs,
 * PocketPing `Authorization`, Genesys `memberAuthToken`). The site authenticates its visitor (its own
 * session cookie) and hands out a token, following the Pusher-style access/refresh pattern:
 *
 * `POST tokenUrl`, `Content-Type: application/x-www-form-urlencoded`, body
 * `grant_type=client_credentials` (first token) or `grant_type=refresh_token&refresh_token=<rt>`;
 * answer `200 {"access_token","token_type","expires_in"[,"refresh_token"]}` (`expires_in` in seconds).
 * Any non-2xx means "no token" (a refused refresh falls back to `client_credentials` once).
 * Same-origin endpoints get the page's cookies (fetch's default `credentials`).
 *
 * Tokens are cached and renewed lazily once 80 % of their life (at most 30 s before expiry) has
 * passed, so nothing runs in the background. Tokens never appear in errors or logs.
 */
import { ParleyError } from '../core/errors';
import type { Clock } from '../transports/transport';

/** What a token endpoint (or `getToken` function) returns. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Lifetime in seconds; missing or 0 = until rejected. */
  expires_in: number;
  refresh_token?: string;
}

/** The site's endpoint, or a function that gets a token the site's own way. */
export type TokenSource = { tokenUrl: string; fetch: typeof fetch } | (() => Promise<TokenResponse>);

export interface TokenProvider {
  /** A valid access token (cached; renewed before it expires). Rejects with an `auth` ParleyError. */
  getToken(): Promise<string>;
  /** Forget the access token (it was rejected): the next `getToken()` fetches a fresh one. */
  invalidate(): void;
  /** `fn(token)`; when it rejects with an `auth` error, invalidates and tries once more with a fresh token. */
  withAuth<T>(fn: (token: string) => Promise<T>): Promise<T>;
}

/** Creates a provider over a token source; `clock.now()` decides when a token is due for renewal. */
export function createTokenProvider(source: TokenSource, clock: Pick<Clock, 'now'>): TokenProvider {
  let token: string | undefined;
  let refresh: string | undefined;
  let renewAt = 0;
  let pending: Promise<string> | undefined;

  /** POSTs one grant; a non-2xx answer is thrown as its status. */
  const post = async (grant: string): Promise<unknown> => {
    const { tokenUrl, fetch } = source as { tokenUrl: string; fetch: typeof globalThis.fetch };
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=' + grant,
    });
    if (!res.ok) throw res.status;
    return res.json();
  };

  const load = async (): Promise<string> => {
    try {
      const r = (
        typeof source == 'function'
          ? await source()
          : await (refresh ? post('refresh_token&refresh_token=' + encodeURIComponent(refresh)) : Promise.reject(0)).catch(() => {
              // No refresh token, or it was refused: start over with the visitor's credentials.
              refresh = undefined;
              return post('client_credentials');
            })
      ) as Partial<TokenResponse> | null;
      const t = r?.access_token;
      if (!t || typeof t != 'string') throw 0;
      if (typeof r.refresh_token == 'string') refresh = r.refresh_token;
      const life = (r.expires_in as number) > 0 ? (r.expires_in as number) * 1e3 : Infinity;
      renewAt = clock.now() + life - Math.min(life / 5, 3e4);
      return (token = t);
    } catch (e) {
      if (e instanceof ParleyError) throw e;
      const status = typeof e == 'number' && e ? e : undefined;
      // Never the token or the URL in the message: only what failed.
      throw new ParleyError('auth', `token endpoint failed${status ? ` (${status})` : ''}`, {
        status,
        // Network failures (fetch's TypeError) and 5xx may pass; refusals and bad answers will not.
        retryable: status ? status >= 500 : e instanceof TypeError,
        cause: e,
      });
    }
  };

  const getToken = () =>
    token && clock.now() < renewAt ? Promise.resolve(token) : (pending ??= load().finally(() => (pending = undefined)));

  return {
    getToken,
    invalidate: () => (token = undefined),
    async withAuth(fn) {
      const first = await getToken();
      return fn(first).catch((e: { code?: string }) => {
        if (e?.code != 'auth') throw e;
        if (token === first) token = undefined;
        return getToken().then(fn);
      });
    },
  };
}
