/**
 * Short-lived access tokens from the host site (Pingstreams custom JWTs today; any backend may use it).
 * The site authenticates its visitor (its own session cookie) and hands out a token, following the
 * Pusher-style access/refresh pattern:
 *
 * `POST tokenUrl`, `Content-Type: application/x-www-form-urlencoded;charset=UTF-8`, body
 * `grant_type=client_credentials` (first token) or `grant_type=refresh_token&refresh_token=<rt>`;
 * answer `200 {"access_token","token_type","expires_in"[,"refresh_token"]}` (`expires_in` in seconds).
 * Any non-2xx means "no token" (a refused refresh falls back to `client_credentials`).
 * Same-origin endpoints get the page's cookies (fetch's default `credentials`).
 *
 * Tokens are cached and renewed lazily once 80 % of their life (at most 30 s before expiry) has
 * passed, so nothing runs in the background. Tokens never appear in errors or logs.
 */
import { invalid } from '../core/config';
import { ParleyError } from '../core/errors';
import { q } from '../transports/kit';
import type { Clock } from '../transports/transport';

/** What a token endpoint (or `getToken` function) returns. */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  /** Lifetime in seconds; missing or 0 = until rejected. */
  expires_in?: number;
  refresh_token?: string;
}

/** The site's endpoint, or a function that gets a token the site's own way. */
export type TokenSource = { tokenUrl: string; fetch: typeof fetch } | (() => Promise<TokenResponse>);

export interface TokenProvider {
  /** A valid access token (cached; renewed before it expires). Rejects with an `auth` ParleyError. */
  getToken(): Promise<string>;
  /** Forget the access token (it was rejected): the next `getToken()` fetches a fresh one. */
  invalidate(): void;
  /**
   * `fn(token, type)` (`type`: the answer's `token_type`, default `Bearer`); when it rejects with an
   * `auth` error, invalidates and tries once more with a fresh token.
   */
  withAuth<T>(fn: (token: string, type: string) => Promise<T>): Promise<T>;
}

/** Creates a provider over a token source; `clock.now()` decides when a token is due for renewal. */
export function createTokenProvider(source: TokenSource, clock: Pick<Clock, 'now'>): TokenProvider {
  /** The current (or pending) access token, renewed once the clock reaches `renewAt`. */
  let token: Promise<string>;
  let renewAt = 0;
  let refresh: string | undefined;
  let type: string | undefined;

  /** POSTs one grant; a non-2xx answer is thrown as its status. */
  const post = async (grant: string): Promise<TokenResponse> => {
    // (`fetch` is called unbound: `window.fetch` refuses any other `this`.)
    const { tokenUrl, fetch } = source as Exclude<TokenSource, Function>;
    // A URLSearchParams body is sent as `application/x-www-form-urlencoded;charset=UTF-8`.
    const res = await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams('grant_type=' + grant) });
    if (!res.ok) throw res.status;
    return res.json();
  };

  const load = async (): Promise<string> => {
    try {
      const r: Partial<TokenResponse> = Object(
        typeof source == 'function'
          ? await source()
          : // A refused (or missing) refresh token: start over with the visitor's credentials.
            (refresh && (await post('refresh_token&refresh_token=' + q(refresh)).catch(() => 0))) ||
              (await post('client_credentials')),
      );
      const t = r.access_token;
      if (!t || typeof t != 'string') throw 0;
      refresh = r.refresh_token || refresh;
      type = r.token_type;
      const life = r.expires_in! > 0 ? r.expires_in! * 1e3 : Infinity;
      renewAt = clock.now() + life - Math.min(life / 5, 3e4);
      return t;
    } catch (e) {
      renewAt = 0;
      if (e instanceof ParleyError) throw e;
      const status = (e as number) > 0 ? (e as number) : undefined;
      // Never the token or the URL in the message: only what failed.
      throw new ParleyError('auth', 'token endpoint failed' + (status ? ` (${status})` : ''), {
        status,
        // Network failures (fetch's TypeError) and 5xx may pass; refusals and bad answers will not.
        retryable: status ? status > 499 : e instanceof TypeError,
        cause: e,
      });
    }
  };

  const getToken = () => {
    // Callers during a renewal share it (renewAt is pushed out until it settles).
    if (clock.now() >= renewAt) {
      renewAt = Infinity;
      token = load();
    }
    return token;
  };

  return {
    getToken,
    invalidate: () => (renewAt = 0),
    async withAuth(fn) {
      const used = getToken();
      const call = (t: string) => fn(t, type || 'Bearer');
      return call(await used).catch((e: ParleyError) => {
        if (e?.code != 'auth') throw e;
        // Unless a concurrent call already renewed it.
        if (used == token) renewAt = 0;
        return getToken().then(call);
      });
    },
  };
}

/**
 * The `auth` option of the backends that send the site's token as it is (PocketPing, Genesys):
 * `{ tokenUrl }` or a function returning a TokenResponse. Validated here (a `config` error names
 * `auth`); returns a maker of providers (one per visitor: a token never outlives its user), or
 * `undefined` when the option is unset.
 */
export const authOption = (who: string, auth: unknown) => {
  const url = Object(auth).tokenUrl;
  if (auth != null && typeof auth != 'function' && !(url && typeof url == 'string')) invalid('auth', 'a function or { tokenUrl }', who);
  return auth
    ? (env: { fetch: typeof fetch; clock: Pick<Clock, 'now'> }) =>
        createTokenProvider(typeof auth == 'function' ? (auth as () => Promise<TokenResponse>) : { tokenUrl: url, fetch: env.fetch }, env.clock)
    : undefined;
};
