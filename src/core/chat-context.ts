/**
 * What every part of the chat (outbox, link policy, visitor, persistence, connection) shares: the
 * state model, the transport, the injected outside world, the timers, and where the chat is in its
 * life. Built once by `createChat`.
 */
import type { RetryTimings } from './backoff';
import type { ChatStateModel } from './chat-state';
import type { ParleyConfig } from './config';
import { ParleyError } from './errors';
import type { PendingFiles } from './files';
import type { ServerClock } from './server-clock';
import type { Timers } from './timers';
import type { Clock, Transport, TransportCapabilities, TransportEnv } from './transport';

export type Logger = TransportEnv['log'];

/** Where the chat is in its life; changed by connect and stop only. */
export interface RunState {
  /** Bumped by every stop: answers to requests made before are dropped. */
  generation: number;
  /** `connect()` answered and the chat was not stopped since. */
  connected: boolean;
}

export interface ChatContext {
  readonly state: ChatStateModel;
  readonly transport: Transport;
  readonly config: Partial<ParleyConfig>;
  readonly clock: Clock;
  /** For backoff jitter. */
  readonly random: () => number;
  /** The pace of retries after failed sends, catch-ups and connects. */
  readonly retry: RetryTimings;
  readonly log: Logger;
  readonly timers: Timers;
  readonly run: RunState;
  /** The backend's clock, as far as its timestamps tell. */
  readonly serverClock: ServerClock;
  /** The files of queued messages, until uploaded and sent (files.ts). */
  readonly files: PendingFiles;
}

/** A logger for a failed background call (`identify`, `typing`, ...) that the chat does not wait for. */
export const warnOnFailure =
  (log: Logger, what: string) =>
  (failure: unknown): void =>
    log('warn', what, failure);

/** The transport, if the backend has capability `capability` (a `true` flag promises the methods), or an `unsupported` error. */
export function requireCapability(transport: Transport, capability: keyof TransportCapabilities): Transport {
  if (!transport.capabilities[capability]) throw new ParleyError('unsupported', 'Not supported by this backend');
  return transport;
}
