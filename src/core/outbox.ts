/**
 * The outbox: the visitor's unsent messages, persisted on every change and sent one at a time, in
 * order, with jittered exponential backoff between attempts.
 *
 * Never twice. A send whose answer was lost (network error after the server stored it, or a page
 * closed mid-flight) is ambiguous. So before ANY attempt that follows an earlier attempt of the same
 * message (a retry, or the first attempt after a reload), the outbox asks `verify()`; the chat then
 * catches up with the backend (`fetchSince`) and accepts, as the confirmation, a visitor message with
 * the same text created no earlier than one minute (clock skew) before the first attempt. If it finds
 * one, that is the message and nothing is sent again. The rule is honest, not magic: an identical
 * text sent from another tab within that window is taken for ours.
 */
import type { Clock, SendResult } from '../transports/transport';
import { backoff } from './backoff';
import { type ParleyError, toParleyError } from './errors';

/** One queued message, as persisted. */
export interface OutboxEntry {
  clientId: string;
  text: string;
  replyTo?: string;
  /** Attempts since it was queued (or last retried by hand). */
  attempts: number;
  /** When the first attempt began (ms): set once, it means "may already be on the server". */
  at?: number;
  /** Gave up: waits for `retry()`. */
  failed?: boolean;
}

export interface OutboxOptions {
  send(entry: OutboxEntry): Promise<SendResult>;
  /** Looks for an earlier attempt that reached the server (see the module doc). */
  verify(entry: OutboxEntry): Promise<SendResult | undefined>;
  sent(entry: OutboxEntry, result: SendResult): void;
  failed(entry: OutboxEntry, error: ParleyError): void;
  /** Persists the queue (called on every change, after `sent`/`failed`, so callers can save both at once). */
  save(): void;
  clock: Clock;
  random?: () => number;
  /** Attempts before a message is marked failed. Default 6. */
  maxAttempts?: number;
}

export interface Outbox {
  /** Copies of the current entries (including failed ones), in order. */
  entries(): readonly OutboxEntry[];
  /** Puts entries restored from the cache first in the queue. */
  load(entries: readonly OutboxEntry[]): void;
  add(entry: OutboxEntry): void;
  /** Re-queues a failed entry; false when there is none with that clientId. */
  retry(clientId: string): boolean;
  /** The oldest entry whose send may have reached the server without an answer yet. */
  pending(): OutboxEntry | undefined;
  /** Sending is allowed only while online; coming online skips a pending backoff wait. */
  run(online: boolean): void;
  dispose(): void;
}

/** Creates an outbox; it sends nothing until `run(true)`. */
export function createOutbox(o: OutboxOptions): Outbox {
  let queue: OutboxEntry[] = [];
  let online = false;
  let busy = false;
  let dead = false;
  let timer: unknown;
  const max = o.maxAttempts ?? 6;
  const clear = () => {
    if (timer !== undefined) o.clock.clearTimeout(timer);
    timer = undefined;
  };

  async function pump(): Promise<void> {
    const e = queue.find((x) => !x.failed);
    if (!e || !online || busy || dead || timer !== undefined) return;
    busy = true;
    try {
      let result = e.at === undefined ? undefined : await o.verify(e);
      if (!result && !dead) {
        e.at ??= o.clock.now();
        e.attempts++;
        o.save();
        result = await o.send(e);
      }
      if (dead || !result) return;
      queue = queue.filter((x) => x !== e);
      o.sent(e, result);
      o.save();
    } catch (err) {
      if (dead) return;
      const error = toParleyError(err);
      if (!error.retryable || e.attempts >= max) {
        e.failed = true;
        o.failed(e, error);
        o.save();
      } else {
        const wait = Math.max(error.retryAfterMs ?? 0, backoff(e.attempts - 1, o.random));
        timer = o.clock.setTimeout(() => {
          timer = undefined;
          void pump();
        }, wait);
      }
    } finally {
      busy = false;
    }
    void pump();
  }

  return {
    entries: () => queue.map((e) => ({ ...e })),
    load(entries) {
      const known = new Set(queue.map((e) => e.clientId));
      queue = [...entries.filter((e) => !known.has(e.clientId)).map((e) => ({ ...e })), ...queue];
      o.save();
      void pump();
    },
    add(entry) {
      queue.push(entry);
      o.save();
      void pump();
    },
    retry(clientId) {
      const e = queue.find((x) => x.clientId === clientId && x.failed);
      if (!e) return false;
      e.failed = false;
      e.attempts = 0;
      o.save();
      void pump();
      return true;
    },
    pending: () => queue.find((e) => !e.failed && e.at !== undefined),
    run(on) {
      if (on && !online) clear();
      online = on;
      void pump();
    },
    dispose() {
      dead = true;
      clear();
    },
  };
}
