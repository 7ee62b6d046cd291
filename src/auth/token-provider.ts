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
import type { Clock } from '../core/transport';

/** What a token endpoint (or `getToken` function) returns. */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  /** Lifetime in seconds; missing or 0 = until rejected. */
  expires_in?: number;
  refresh_token?: string;
}

/** The site's endpoint URL, or a function that gets a token the site's own way. */
export type TokenSource = string | (() => Promise<TokenResponse>);

export interface TokenProvider {
  /** A valid access token (cached; renewed before it expires). Rejects with an `auth` ParleyError. */
  getToken(): Promise<string>;
  /**
   * `fn(token, type)` (`type`: the answer's `token_type`, default `Bearer`); when it rejects with an
   * `auth` error (the token was refused), forgets that token and tries once more with a fresh one.
   */
  withAuth<T>(fn: (token: string, type: string) => Promise<T>): Promise<T>;
}

/** What a provider takes from the transport's env: `fetch` for a token URL, `clock.now()` to see when a token is due. */
export interface TokenEnv {
  fetch: typeof fetch;
  clock: Pick<Clock, 'now'>;
}

/** Creates a provider over a token source. */
export function createTokenProvider(source: TokenSource, { fetch, clock }: TokenEnv): TokenProvider {
  /** The current (or pending) access token, renewed once the clock reaches `renewAt`. */
  let token: Promise<string>;
  let renewAt = 0;
  let refresh: string | undefined;
  let type: string | undefined;

  /** POSTs one grant; a non-2xx answer is thrown as its status. */
  const post = async (grant: string): Promise<TokenResponse> => {
    // (`fetch` is called unbound: `window.fetch` refuses any other `this`. A URLSearchParams body is
    // sent as `application/x-www-form-urlencoded;charset=UTF-8`.)
    const res = await fetch(source as string, { method: 'POST', body: new URLSearchParams('grant_type=' + grant) });
    if (!res.ok) throw res.status;
    return res.json();
  };

  const load = async (): Promise<string> => {
    try {
      // Any JSON (null included) until checked: past the `access_token` check, an object.
      const answer: Partial<TokenResponse> =
        typeof source != 'string'
          ? await source()
          : // A refused (or missing) refresh token: start over with the visitor's credentials.
            (refresh && (await post('refresh_token&refresh_token=' + encodeURIComponent(refresh)).catch(() => {}))) ||
            (await post('client_credentials'));
      const accessToken = answer?.access_token;
      if (!accessToken || typeof accessToken != 'string') throw new Error('no access_token in the answer');
      refresh = answer.refresh_token || refresh;
      type = answer.token_type;
      const life = answer.expires_in!;
      // Due at 80 % of the lifetime, or 30 s before expiry if that is later.
      renewAt = life > 0 ? clock.now() + Math.max(life * 800, life * 1e3 - 3e4) : Infinity;
      return accessToken;
    } catch (error) {
      renewAt = 0;
      if (error instanceof ParleyError) throw error;
      // A status (thrown by `post`), or none: an Error (no token in the answer), fetch's TypeError.
      const status = typeof error == 'number' ? error : undefined;
      // Never the token or the URL in the message: only what failed.
      throw new ParleyError('auth', 'token endpoint failed' + (status ? ` (${status})` : ''), {
        status,
        // Network failures and 5xx may pass; refusals and bad answers will not.
        retryable: (status !== undefined && status > 499) || error instanceof TypeError,
        cause: error,
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
    async withAuth(fn) {
      const used = getToken();
      const call = (token: string) => fn(token, type || 'Bearer');
      return call(await used).catch((error: ParleyError) => {
        if (error?.code != 'auth') throw error;
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
  return auth ? (env: TokenEnv) => createTokenProvider(url || (auth as () => Promise<TokenResponse>), env) : undefined;
};
