/**
 * JSON over fetch for every transport: one timeout, one error mapping. Every failure becomes a
 * `ParleyError`; messages name the method and path only (never headers, tokens or query strings,
 * which may carry session ids).
 */
import { ParleyError, type ErrorCode } from '../core/errors';
import type { Clock } from '../core/transport';

export interface HttpRequest {
  method?: string;
  /** Sent as JSON. Every request says `Content-Type: application/json` (as PocketPing's own widget does). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Let the request outlive the page (leave notices). */
  keepalive?: boolean;
}

/**
 * `JSON.parse` that refuses `__proto__` keys: wire data reaching host code must never carry one
 * (a later `Object.assign` or deep merge would rewrite a prototype). Throws on those as on bad JSON.
 */
const parseJson = (text: string): unknown =>
  JSON.parse(text, (k, v: unknown) => {
    if (k == '__proto__') throw 0;
    return v;
  });

/**
 * A socket frame's JSON, or `undefined` when it is not a text frame, not JSON (or has a `__proto__`
 * key), or is over 4 MiB: nothing a backend sends is that big, so a huge frame is hostile and is
 * not even parsed.
 */
export const parseFrame = (data: unknown): unknown => {
  try {
    if (typeof data == 'string' && data.length < 1 << 22) return parseJson(data);
  } catch {
    // undefined: the caller drops it
  }
};

/** Where a failed answer may say why (read, never trusted: only a string is quoted). */
type Words = Record<'message' | 'error' | 'msg' | 'errors', unknown>;

const CODES: Record<number, ErrorCode> = { 401: 'auth', 403: 'forbidden', 426: 'version', 429: 'rate_limited' };

/**
 * Sends one request and returns the parsed JSON body (`undefined` for an empty body).
 * `onResponse` sees every response, errors included (version headers ride on 426s too).
 * Failed answers are retryable by status (5xx, 408, 429: `ParleyError`'s defaults).
 */
export async function requestJson(
  fetchFn: typeof fetch,
  clock: Clock,
  url: string,
  req: HttpRequest = {},
  onResponse?: (res: Response) => void,
): Promise<unknown> {
  const { method = 'GET' } = req;
  const what = method + ' ' + new URL(url).pathname;
  const ctrl = new AbortController();
  // No answer within 15 s: a `network` error.
  const timer = clock.setTimeout(() => ctrl.abort(), 15e3);
  let res: Response;
  let text: string;
  try {
    // Default credentials mode: no cookies cross-origin, so `Access-Control-Allow-Origin: *` answers are readable.
    res = await fetchFn(url, {
      ...req,
      headers: { 'Content-Type': 'application/json', ...req.headers },
      // `undefined` stays undefined: no body.
      body: JSON.stringify(req.body),
      signal: ctrl.signal,
    });
    text = await res.text();
  } catch (cause) {
    throw new ParleyError('network', what + (ctrl.signal.aborted ? ' timed out after 15 s' : ' failed: network error'), { cause });
  } finally {
    clock.clearTimeout(timer);
  }
  onResponse?.(res);
  const { status, ok } = res;
  /** The answer; for a failure, then the server's words in it. */
  let body: unknown;
  try {
    body = text ? parseJson(text) : undefined;
  } catch (cause) {
    if (ok) throw new ParleyError('protocol', what + ': answer not JSON', { cause, status });
  }
  if (ok) return body;
  // The server's own words when it gave some, short and plain: `message` (sdk-node 426, Genesys),
  // `error` (sdk-node), `msg` or `errors[0]` / `errors[0].msg` (Tiledesk). Three levels at most (one
  // per character of '123'); JSON objects are `Object`s, strings, numbers and null end the search.
  for (const _ of '123') {
    if (body instanceof Object) {
      body = (body as Words).message || (body as Words).error || (body as Words).msg || [].concat((body as Words).errors as [])[0];
    }
  }
  // Seconds, or an HTTP date (none: NaN, no wait).
  const after = res.headers.get('retry-after') as string;
  const wait = +after * 1000 || Date.parse(after) - clock.now();
  throw new ParleyError(
    CODES[status] || 'http',
    (status == 403 ? 'blocked by the server' : what + ': HTTP') + ` (${status})` + (typeof body == 'string' ? ': ' + body.slice(0, 200) : ''),
    { status, retryAfterMs: wait >= 0 ? wait : undefined },
  );
}
