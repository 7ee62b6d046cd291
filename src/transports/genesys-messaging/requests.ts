/**
 * Requests over the Web Messaging socket and their answers (§2.1): every request carries a fresh
 * `tracingId`, which the server copies into its direct reply (the echo of a sent message included).
 * Error frames are not always correlated (§3.4): one without a tracingId fails the oldest request
 * waiting, as the mobile SDK does.
 */
import type { ParleyError } from '../../core/errors';
import type { Clock } from '../../core/transport';
import type { Link } from '../link';
import { newUuid, toError, type Envelope } from './wire';

/** How long a request waits for its answer before it fails (`network`, retried by the core). */
const ANSWER_TIMEOUT_MS = 15000;

interface Waiting {
  resolve(answer: Envelope): void;
  reject(error: ParleyError): void;
  timer: unknown;
}

export type Requests = ReturnType<typeof createRequests>;

export function createRequests(link: Link, clock: Clock) {
  /** Requests waiting for their answer, by tracingId, oldest first. */
  const waiting = new Map<string, Waiting>();

  const finish = (tracingId: string) => {
    const entry = waiting.get(tracingId);
    waiting.delete(tracingId);
    if (entry) clock.clearTimeout(entry.timer);
    return entry;
  };

  return {
    /**
     * Sends `{ action, tracingId, ...fields }` and resolves the envelope that carries the tracingId back
     * (rejects on an error frame, a closed socket, a stop or the timeout). `tracingId` may be fixed (echo).
     */
    request(action: string, fields: Record<string, unknown>, tracingId = newUuid()): Promise<Envelope> {
      return new Promise<Envelope>((resolve, reject) => {
        const socket = link.socket();
        if (!socket?.send(JSON.stringify({ action, tracingId, ...fields }))) return reject(link.fault('network', 'not connected'));
        const timer = clock.setTimeout(() => finish(tracingId)?.reject(link.fault('network', action + ' got no answer')), ANSWER_TIMEOUT_MS);
        waiting.set(tracingId, { resolve, reject, timer });
      });
    },

    /** Settles the request `envelope` answers; false when it answers none (a push, a late or duplicated answer). */
    settle(envelope: Envelope): boolean {
      const failed = envelope.code != 200;
      const tracingId = envelope.tracingId ?? (failed ? waiting.keys().next().value : undefined);
      const entry = tracingId === undefined ? undefined : finish(tracingId);
      if (!entry) return false;
      if (failed) entry.reject(toError(envelope));
      else entry.resolve(envelope);
      return true;
    },

    /** Fails every request waiting (the socket closed, or a stop). */
    failAll(error: ParleyError) {
      for (const tracingId of [...waiting.keys()]) finish(tracingId)?.reject(error);
    },
  };
}
