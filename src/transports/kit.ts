/**
 * What every backend does the same way, written once (one copy in the bundle): errors that start
 * with the backend's name (`pocketping: disconnected`; backends pass their name as `who`), the
 * "unexpected answer" and rating checks, and the basic wire guards. Config errors come from
 * `invalid()` in core/config.ts, socket frames are parsed by `parseFrame()` in http.ts and the
 * capabilities object is built by `caps()` in transport.ts.
 */
import { ParleyError, type ErrorCode } from '../core/errors';

/** A ParleyError whose message names the backend: `<who>: <message>`. */
export const fault = (who: string, code: ErrorCode, message: string): ParleyError => new ParleyError(code, who + ': ' + message);

/** Throws a `protocol` error: the server's answer to `what` (a route, an action) does not fit its protocol. */
export const bad = (who: string, what: string): never => {
  throw fault(who, 'protocol', 'unexpected answer to ' + what);
};

/**
 * Checks a satisfaction rating: throws a `validation` error unless `score` is 1 to 5 (stars).
 * Returns the comment to send: trimmed, `undefined` when blank.
 */
export const rating = (who: string, score: number, comment?: string): string | undefined => {
  if (![1, 2, 3, 4, 5].includes(score)) throw fault(who, 'validation', 'a rating is 1 to 5');
  return comment?.trim() || undefined;
};

/** Short non-empty string (ids, timestamps, names) from the wire. */
export const isId = (v: unknown): v is string => typeof v == 'string' && v > '' && v.length <= 256;
/** An ISO-8601 time (any date `Date.parse` reads) from the wire. */
export const isTime = (v: unknown): v is string => isId(v) && Date.parse(v) > 0;
/** `encodeURIComponent`, for ids in paths and queries. */
export const q = encodeURIComponent;
