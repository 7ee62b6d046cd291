/**
 * The link policy: what the chat does when the transport's realtime link changes.
 * - `down` → status `reconnecting`;
 * - `polling` → status `online`, and `fetchSince` every `pollInterval` until `live` returns;
 * - `live` after anything else → one catch-up (what was missed while the link was not live).
 *
 * Right after connect the history is fresh: no catch-up, and the first poll waits one interval; a
 * `live` that comes later still catches up the gap between the connect answer and the stream
 * opening. Failed fetches retry with backoff (full jitter under pollInterval · 2^n, at most 30 s,
 * never sooner than a 429 asked); while polling they also show `offline`.
 */
import { backoff } from './backoff';
import type { ChatContext } from './chat-context';
import { toParleyError, type ParleyError } from './errors';
import type { Incoming } from './incoming';
import { lastServerId } from './messages';
import type { LinkState } from './transport';
import type { ConnectionStatus } from './types';

export type LinkPolicy = ReturnType<typeof createLinkPolicy>;

const DEFAULT_POLL_INTERVAL_MS = 3000;
const MAX_PULL_DELAY_MS = 30_000;
/** Failed catch-ups (not polls) in a row before the chat stops trying until the next link change. */
const MAX_CATCH_UP_FAILURES = 5;

export function createLinkPolicy(context: ChatContext, incoming: Incoming, setStatus: (next: ConnectionStatus, reason?: ParleyError) => void) {
  const { state, transport, timers, log } = context;
  const pollIntervalMs = context.config.pollInterval || DEFAULT_POLL_INTERVAL_MS;
  /** Undefined: no link event since connect (the first `live` catches up). */
  let link: LinkState | undefined;
  /** Bumped by every link change: an older poll or catch-up stops. */
  let pullGeneration = 0;

  /** Fetches what is new after `delayMs`: once (a catch-up), or repeatedly while the link polls. */
  function pull(failures: number, delayMs: number) {
    const generation = pullGeneration;
    timers.start(
      'pull',
      async () => {
        const polling = link === 'polling';
        let failuresNow = failures;
        let retryAfterMs = 0;
        try {
          const list = await transport.fetchSince(lastServerId(state.messages.value));
          if (generation !== pullGeneration) return;
          incoming.receive(list, true);
          failuresNow = 0;
          if (polling) setStatus('online');
        } catch (failure) {
          if (generation !== pullGeneration) return;
          log('warn', 'fetch', failure);
          const error = toParleyError(failure);
          if (polling) setStatus('offline', error);
          retryAfterMs = error.retryAfterMs ?? 0;
          failuresNow++;
          if (failuresNow > MAX_CATCH_UP_FAILURES && !polling) return;
        }
        if (failuresNow) pull(failuresNow, Math.max(retryAfterMs, backoff(failuresNow, context.random, pollIntervalMs, MAX_PULL_DELAY_MS)));
        else if (polling) pull(0, pollIntervalMs);
      },
      delayMs,
    );
  }

  /** Applies the current link state; `previous` is the one before (`connect`: right after connecting). */
  function apply(previous: LinkState | 'connect' | undefined) {
    pullGeneration++;
    timers.cancel('pull');
    if (link === 'down') return setStatus('reconnecting');
    setStatus('online');
    if (link === 'polling') pull(0, previous === 'connect' ? pollIntervalMs : 0);
    else if (link && previous !== 'live' && previous !== 'connect') pull(0, 0);
  }

  return {
    /** Right after connect. */
    applyAfterConnect: () => apply('connect'),

    /** The transport's `link` event. */
    onLink(next: LinkState) {
      const previous = link;
      if (next === previous) return; // a repeat changes nothing (and must not cancel a catch-up)
      link = next;
      if (context.run.connected) apply(previous);
    },

    /** Stopped: the next connect starts with no link state, and pending pulls are dropped. */
    reset() {
      link = undefined;
      pullGeneration++;
    },
  };
}
