/**
 * Small checks every backend's `wire.ts` reads untrusted JSON with, and the errors every backend
 * throws the same way (messages start with the backend's name: `pocketping: disconnected`).
 * Nothing from the wire is trusted: a value is read through these guards before it is kept.
 */
import { ParleyError, type ErrorCode } from '../core/errors';

/** A ParleyError whose message names the backend: `<backendName>: <message>`. */
export const fault = (backendName: string, code: ErrorCode, message: string): ParleyError => new ParleyError(code, backendName + ': ' + message);

/** Throws a `protocol` error: the server's answer to `what` (a route, an action) does not fit its protocol. */
export const bad = (backendName: string, what: string): never => {
  throw fault(backendName, 'protocol', 'unexpected answer to ' + what);
};

/**
 * Checks a satisfaction rating: throws a `validation` error unless `score` is 1 to 5 (stars).
 * Returns the comment to send: trimmed, `undefined` when blank.
 */
export const rating = (backendName: string, score: number, comment?: string): string | undefined => {
  if (![1, 2, 3, 4, 5].includes(score)) throw fault(backendName, 'validation', 'a rating is 1 to 5');
  return comment?.trim() || undefined;
};

/** A JSON object read from the wire: any value, read field by field through the guards below. */
export type WireRecord = Record<string, unknown>;

/** `value` when it is a JSON object (arrays too: they have no fields Parley reads), else an empty record. */
export const asRecord = (value: unknown): WireRecord => (typeof value == 'object' && value !== null ? (value as WireRecord) : {});

/** Any string: message texts (as long as the frame limit allows; the UI collapses long ones). */
export const isText = (value: unknown): value is string => typeof value == 'string';
/** Short non-empty string (ids, timestamps, names) from the wire. */
export const isId = (value: unknown): value is string => typeof value == 'string' && value > '' && value.length <= 256;
/** An ISO-8601 time (any date `Date.parse` reads) from the wire. */
export const isTime = (value: unknown): value is string => isId(value) && Date.parse(value) > 0;
/** `value` when it passes `check`, else `undefined`: the one shape of every optional field. */
export const optional = <T>(check: (value: unknown) => value is T, value: unknown): T | undefined => (check(value) ? value : undefined);
