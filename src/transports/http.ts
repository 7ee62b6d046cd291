/**
 * JSON over fetch for every transport: one timeout, one error mapping. Every failure becomes a
 * `ParleyError`; messages name the method and path only (never headers, tokens or query strings,
 * which may carry session ids).
 */
import { ParleyError, type ErrorCode } from '../core/errors';
import type { Clock } from './transport';

export interface HttpRequest {
  method?: string;
  /** Sent as JSON (with `Content-Type: application/json`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds before the request is aborted as a `network` error. Default 15 000. */
  timeout?: number;
  /** Let the request outlive the page (leave notices). */
  keepalive?: boolean;
}

/**
 * `JSON.parse` that refuses `__proto__` keys: wire data reaching host code must never carry one
 * (a later `Object.assign` or deep merge would rewrite a prototype). Throws like `JSON.parse`.
 */
export const parseJson = (text: string): unknown =>
  JSON.parse(text, (k, v: unknown) => {
    if (k === '__proto__') throw SyntaxError(k);
    return v;
  });

const CODES: Record<number, ErrorCode> = { 401: 'auth', 403: 'forbidden', 426: 'version', 429: 'rate_limited' };

/**
 * Sends one request and returns the parsed JSON body (`undefined` for an empty body).
 * `onResponse` sees every response, errors included (version headers ride on 426s too).
 */
export async function requestJson(
  fetchFn: typeof fetch,
  clock: Clock,
  url: string,
  req: HttpRequest = {},
  onResponse?: (res: Response) => void,
): Promise<unknown> {
  const { method = 'GET', body, timeout = 15000 } = req;
  const what = `${method} ${new URL(url).pathname}`;
  const ctrl = new AbortController();
  const timer = clock.setTimeout(() => ctrl.abort(), timeout);
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(url, {
      method,
      headers: body === undefined ? req.headers : { ...req.headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
      keepalive: req.keepalive,
      credentials: 'omit',
    });
    text = await res.text();
  } catch (cause) {
    const why = ctrl.signal.aborted ? `timed out after ${timeout} ms` : 'failed: network error';
    throw new ParleyError('network', `${what} ${why}`, { cause, retryable: true });
  } finally {
    clock.clearTimeout(timer);
  }
  onResponse?.(res);
  const { status } = res;
  let data: unknown;
  try {
    data = text ? parseJson(text) : undefined;
  } catch (cause) {
    if (status < 300) throw new ParleyError('protocol', `${what}: the answer is not JSON`, { cause, status });
  }
  if (status < 300) return data;
  // The server's own words when it gave some (sdk-node: `error`, 426: `message`), short and plain.
  const said = data && typeof data === 'object' && ('message' in data ? data.message : 'error' in data && data.error);
  const after = res.headers.get('retry-after') || '';
  const wait = /^\d+$/.test(after) ? +after * 1000 : Date.parse(after) - clock.now();
  throw new ParleyError(
    CODES[status] || 'http',
    (status === 403 ? 'blocked by the server' : `${what}: HTTP`) + ` (${status})` + (typeof said === 'string' && said ? ': ' + said.slice(0, 200) : ''),
    { status, retryable: status > 499 || status === 429, retryAfterMs: wait >= 0 ? wait : undefined },
  );
}
