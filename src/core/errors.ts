/**
 * What went wrong, as a stable string a host page and tests can switch on.
 * - `config`: the host passed bad configuration (the message names the key).
 * - `network`: the backend could not be reached (offline, DNS, refused, timeout).
 * - `http`: the backend answered with an unexpected status.
 * - `auth`: credentials missing, rejected or expired (401).
 * - `forbidden`: the backend refuses this visitor (403: IP / user-agent filters, deployment rules).
 * - `version`: the backend no longer supports this widget version (426).
 * - `rate_limited`: 429; `retryAfterMs` tells when to try again.
 * - `protocol`: the backend sent something that does not follow its own protocol (malformed frame, bad JSON).
 * - `storage`: the browser cache failed; Parley carries on in memory.
 * - `unsupported`: the backend cannot do what was asked (capability missing).
 * - `validation`: the visitor's input was refused before sending (empty, too long).
 * - `ended`: the conversation is over and cannot take this action.
 */
export type ErrorCode =
  | 'config'
  | 'network'
  | 'http'
  | 'auth'
  | 'forbidden'
  | 'version'
  | 'rate_limited'
  | 'protocol'
  | 'storage'
  | 'unsupported'
  | 'validation'
  | 'ended';

export interface ParleyErrorInit {
  /** Config key at fault (for `config` errors). */
  key?: string;
  /** HTTP status, when the error comes from an answer. */
  status?: number;
  /** Whether trying again later may succeed. Defaults by code (see {@link ParleyError}). */
  retryable?: boolean;
  /** For `rate_limited`: how long the server asked us to wait. */
  retryAfterMs?: number;
  /** For `ended` after `reset()` or another user's `identify()`: the texts of the messages that were not sent. */
  texts?: readonly string[];
  /** For a refused file (`validation`): which rule (`file-size`, `file-type`, `file-empty`, `file-lost`), for a translated message. */
  reason?: string;
  /** For `file-size`: the largest size accepted, bytes. */
  limit?: number;
  cause?: unknown;
}

/**
 * The one error type Parley reports: to `error` listeners, in rejections, and in `chat.error`.
 * Unless `init.retryable` says otherwise, `network`, `http` and `rate_limited` errors are retryable
 * when there is no status, or it is 5xx, 408 or 429; everything else is final.
 */
export class ParleyError extends Error {
  declare readonly code: ErrorCode;
  declare readonly key?: string;
  declare readonly status?: number;
  declare readonly retryable: boolean;
  declare readonly retryAfterMs?: number;
  declare readonly texts?: readonly string[];
  declare readonly reason?: string;
  declare readonly limit?: number;
  declare readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, init: ParleyErrorInit = {}) {
    super(message);
    const s = init.status ?? 500;
    // `init` first: its `retryable: undefined` must not hide the default.
    Object.assign(this, init, {
      name: 'ParleyError',
      code,
      retryable: init.retryable ?? (['network', 'http', 'rate_limited'].includes(code) && (s > 499 || s == 408 || s == 429)),
    });
  }
}

/**
 * Wraps anything thrown into a ParleyError. ParleyErrors are kept as they are, also those of another
 * copy of Parley (a backend from the npm entries registered into `dist/parley.js`): known by name.
 */
export const toParleyError = (err: unknown, fallback: ErrorCode = 'network'): ParleyError =>
  (err as Error)?.name == 'ParleyError' ? (err as ParleyError) : new ParleyError(fallback, String((err as Error)?.message ?? err), { cause: err });
