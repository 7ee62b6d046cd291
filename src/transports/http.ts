/**
 * JSON over fetch for every transport: one timeout, one error mapping. Every failure becomes a
 * `ParleyError`; messages name the method and path only (never headers, tokens or query strings,
 * which may carry session ids).
 */
import { ParleyError, type ErrorCode } from '../core/errors';
import type { Clock } from '../core/transport';
import { parseJson } from './json';

export interface HttpRequest {
  method?: string;
  /** Sent as JSON. Every request says `Content-Type: application/json` (as PocketPing's own widget does). */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Let the request outlive the page (the visitor's sends, leave notices): a tab closed right after a send
   * still delivers it. Only for a body of at most {@link KEEPALIVE_MAX_CHARS} characters.
   */
  keepalive?: boolean;
}

/**
 * What a failed answer says, if it says it plainly: `message` (sdk-node 426, Genesys), `error`
 * (sdk-node), `msg` or `errors[0]` / `errors[0].msg` (Tiledesk), looked up to three levels deep (an
 * object whose `error` is an object with a `message`…). Read, never trusted: only a string is quoted.
 */
function serverWords(body: unknown): string | undefined {
  let said = body;
  for (let depth = 0; depth < 3 && typeof said == 'object' && said !== null; depth++) {
    const answer = said as Record<'message' | 'error' | 'msg' | 'errors', unknown>;
    const errors = Array.isArray(answer.errors) ? answer.errors[0] : answer.errors;
    said = answer.message || answer.error || answer.msg || errors;
  }
  return typeof said == 'string' ? said : undefined;
}

/**
 * The longest JSON body sent with `keepalive`. Browsers refuse a keepalive request once the bodies of those in
 * flight pass 64 KiB (Fetch's "inflight keepalive bytes"); at 3 bytes a character at most, this leaves room
 * for another one. A longer body is sent as an ordinary request.
 */
export const KEEPALIVE_MAX_CHARS = 16_000;

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
  request: HttpRequest = {},
  onResponse?: (response: Response) => void,
): Promise<unknown> {
  const { method = 'GET' } = request;
  const what = method + ' ' + new URL(url).pathname;
  const controller = new AbortController();
  // No answer within 15 s: a `network` error.
  const timer = clock.setTimeout(() => controller.abort(), 15e3);
  // `undefined` stays undefined: no body.
  const json = JSON.stringify(request.body);
  let response: Response;
  let text: string;
  try {
    // Default credentials mode: no cookies cross-origin, so `Access-Control-Allow-Origin: *` answers are readable.
    response = await fetchFn(url, {
      ...request,
      headers: { 'Content-Type': 'application/json', ...request.headers },
      body: json,
      keepalive: !!request.keepalive && (json?.length ?? 0) <= KEEPALIVE_MAX_CHARS,
      signal: controller.signal,
    });
    text = await response.text();
  } catch (cause) {
    throw new ParleyError('network', what + (controller.signal.aborted ? ' timed out after 15 s' : ' failed: network error'), { cause });
  } finally {
    clock.clearTimeout(timer);
  }
  onResponse?.(response);
  const { status, ok } = response;
  /** The answer; for a failure, then the server's words in it. */
  let body: unknown;
  try {
    body = text ? parseJson(text) : undefined;
  } catch (cause) {
    if (ok) throw new ParleyError('protocol', what + ': answer not JSON', { cause, status });
  }
  if (ok) return body;
  // The server's own words when it gave some, short and plain.
  const words = serverWords(body);
  // Seconds, or an HTTP date (none, or neither: NaN, no wait).
  const retryAfter = response.headers.get('retry-after') ?? '';
  const waitMs = Number(retryAfter) * 1000 || Date.parse(retryAfter) - clock.now();
  throw new ParleyError(
    CODES[status] || 'http',
    (status == 403 ? 'blocked by the server' : what + ': HTTP') + ` (${status})` + (words ? ': ' + words.slice(0, 200) : ''),
    { status, retryAfterMs: waitMs >= 0 ? waitMs : undefined },
  );
}
