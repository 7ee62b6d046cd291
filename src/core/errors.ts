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
  /** Whether trying again later may succeed. Defaults by code. */
  retryable?: boolean;
  /** For `rate_limited`: how long the server asked us to wait. */
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['network', 'http', 'rate_limited']);

/** The one error type Parley reports: to `error` listeners, in rejections, and in `chat.error`. */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly code: ErrorCode;
  readonly key?: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, init: ParleyErrorInit = {}) {
    super(message);
    this.code = code;
    this.key = init.key;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? (RETRYABLE.has(code) && (init.status === undefined || init.status >= 500 || init.status === 429 || init.status === 408));
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }
}

/** Wraps anything thrown into a ParleyError (keeps ParleyErrors as they are). */
export function toParleyError(err: unknown, fallback: ErrorCode = 'network'): ParleyError {
  if (err instanceof ParleyError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ParleyError(fallback, message, { cause: err });
}
