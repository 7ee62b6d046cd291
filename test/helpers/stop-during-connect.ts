/**
 * For the "connect stopped meanwhile" tests of every backend: a fetch that holds the answer of one
 * request until released, and the run of a connect that `disconnect()` stops while that answer is held.
 */
import type { ConnectRequest, Transport } from '../../src/core/transport';
import { sleep } from './node-env';
import { record } from './recorder';

export interface HeldFetch {
  fetch: typeof fetch;
  /** Resolves once the server has answered a request `matches` picks (its answer is held). */
  held: Promise<void>;
  release(): void;
}

/** Real fetch; the first answer to a request that `matches` (URL, method) is handed over only after `release()`. */
export function holdAnswer(matches: (url: string, method: string) => boolean): HeldFetch {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let markHeld!: () => void;
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  let holding = false;
  return {
    held,
    release,
    async fetch(input, init) {
      const response = await fetch(input, init);
      if (!holding && matches(String(input), init?.method ?? 'GET')) {
        holding = true;
        markHeld();
        await gate;
      }
      return response;
    },
  };
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`timed out after ${ms} ms waiting for ${what}`)))]);

/**
 * Starts `transport.connect(request)`, waits until `hold` holds its answer, calls `disconnect()`,
 * then lets the answer through. Returns what the connect settled with and every `link` event heard
 * after the disconnect (waiting `settleMs` for a late socket to show).
 */
export async function stopDuringConnect(transport: Transport, hold: HeldFetch, request: ConnectRequest, settleMs = 500) {
  const heard = record(transport);
  const connecting = transport.connect(request).then(
    () => 'connected' as const,
    (error: unknown) => error,
  );
  await within(hold.held, 5000, 'the held answer');
  transport.disconnect();
  const linksBefore = heard.of('link').length;
  hold.release();
  const outcome = await within(connecting, 5000, 'connect to settle');
  await sleep(settleMs);
  return { outcome, linksAfterStop: heard.of('link').slice(linksBefore) };
}
