/**
 * The reconnecting socket every transport uses: `reconnecting-websocket` (the only file that imports
 * it) on the platform WebSocket (injected), with Parley's retry pace and link watching around it.
 *
 * The library reopens the socket after every close and asks its URL provider for the URL before
 * every attempt. Its own delay is configured to zero: the wait is ours, taken inside that provider
 * on the injected clock, a fresh full-jitter delay per retry, `random() * min(maxDelay, minDelay * 2^n)`,
 * cut short when the page says the network may be back (`online`, the page visible again). Ours too:
 * an attempt not open within `connectTimeout` is dropped; a link silent for `silenceMs` is presumed
 * dead and reopened; close codes listed as `fatal` stop for good; the stall report.
 *
 * Timers: every wait and timeout above runs on the injected clock. The library still arms global
 * `setTimeout`s of its own: a zero-delay one before each attempt and after each open (its delay and
 * `minUptime` are zero here), and one for its connect timeout, set far beyond ours so that ours always
 * fires first and it is cleared unfired. Under fake global timers, advance them by 0 ms to let an
 * attempt start.
 */
import ReconnectingWebSocket, { type CloseEvent } from 'reconnecting-websocket';
import { backoff } from '../core/backoff';
import type { Clock, WebSocketConstructor } from '../core/transport';
import { browserNetworkHints, neverThrowing, type NetworkHints } from './socket-platform';

export type { NetworkHints } from './socket-platform';

export interface SocketOptions {
  WebSocket: WebSocketConstructor;
  clock: Clock;
  /** Called before each (re)connect: refresh the URL (or its token) here. A rejection counts as a failed attempt. */
  url: () => string | Promise<string>;
  onOpen?(): void;
  /**
   * The link closed, or an attempt failed. `code` is the close frame's, 1006 when the connection
   * failed without one, 4408 when Parley dropped it (`reason` 'timeout' or 'silent').
   * `fatal`: the code is in `fatal` and reconnecting has stopped.
   */
  onClose?(code: number, reason: string, fatal: boolean): void;
  /** Raw frame data (a string for text frames). */
  onMessage?(data: unknown): void;
  /**
   * The socket has not opened after `stallAttempts` attempts or `stallMs` since the outage began.
   * Once per outage; the socket keeps trying in the background.
   */
  onStall?(): void;
  /** Close codes that mean "do not come back" (e.g. PocketPing 4000/4003). */
  fatal?: number[];
  /** Backoff base, ms. Default 1000. */
  minDelay?: number;
  /** Backoff cap, ms: a server back after a long outage is found within about this long. Default 5000. */
  maxDelay?: number;
  /** An attempt not open after this many ms is abandoned. Default 4000. */
  connectTimeout?: number;
  /** No frame for this many ms: the link is presumed dead and reopened. Default off. */
  silenceMs?: number;
  /** Default 3. */
  stallAttempts?: number;
  /** Default 5000. */
  stallMs?: number;
  random?: () => number;
  /** Hints that the network is back, on which a waiting retry starts at once. Default: the page's `online` and visibility. */
  networkHints?: NetworkHints;
}

export interface Socket {
  /** Sends a text frame if the socket is open; false otherwise (nothing is queued). */
  send(data: string): boolean;
  isOpen(): boolean;
  /** Stops for good: closes the socket and every timer. */
  close(): void;
}

/** The library's connect timeout: never the one that fires (ours is at most this long). 2^31 - 1 is the most timers take. */
const LIBRARY_CONNECT_TIMEOUT = 2 ** 31 - 1;
/** Parley's own reason to drop a link: a connect timeout or a silent link. */
const DROPPED = 4408;

/** Opens a reconnecting socket at once (call it when the link is wanted, not at import). */
export function openSocket(options: SocketOptions): Socket {
  const { clock } = options;
  /** Attempts made since the link was last open (or since the start). */
  let attempts = 0;
  let isFirstAttempt = true;
  let open = false;
  let stopped = false;
  let stalled = false;
  let stallTimer: unknown;
  let silenceTimer: unknown;
  let connectTimer: unknown;
  /** The retry wait in progress: its timer, and ending it now. */
  let retryWait: { timer: unknown; end(): void } | undefined;

  const reportStall = () => {
    if (stalled) return;
    stalled = true;
    options.onStall?.();
  };
  /** The link is down: count attempts and time from now (the stall report is once per outage). */
  const beginOutage = () => {
    clock.clearTimeout(stallTimer);
    attempts = 0;
    stalled = false;
    stallTimer = clock.setTimeout(reportStall, options.stallMs ?? 5000);
  };
  /** A frame arrived (or the link opened): the link is alive for another `silenceMs`. */
  const heardFrom = () => {
    clock.clearTimeout(silenceTimer);
    if (options.silenceMs) silenceTimer = clock.setTimeout(() => socket.reconnect(DROPPED, 'silent'), options.silenceMs);
  };

  const waitBeforeAttempt = (ms: number) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clock.clearTimeout(wait.timer);
        retryWait = undefined;
        resolve();
      };
      const wait = { timer: clock.setTimeout(end, ms), end };
      retryWait = wait;
    });

  /**
   * The library's URL provider, called before every attempt. It waits the retry delay first (none
   * for the very first attempt), and never rejects: the library would stop for good on a rejection,
   * so a failing `options.url()` is a failed attempt, retried here after the next delay. Once
   * stopped it answers at once; the library then sees it was closed and opens nothing.
   */
  async function nextUrl(): Promise<string> {
    clock.clearTimeout(connectTimer);
    for (;;) {
      if (stopped) return '';
      if (attempts >= (options.stallAttempts ?? 3)) reportStall();
      const delay = isFirstAttempt ? 0 : backoff(attempts - 1, options.random, options.minDelay, options.maxDelay ?? 5000);
      isFirstAttempt = false;
      await waitBeforeAttempt(delay);
      if (stopped) return '';
      attempts++;
      try {
        const url = await options.url();
        if (stopped) return '';
        connectTimer = clock.setTimeout(() => socket.reconnect(DROPPED, 'timeout'), options.connectTimeout ?? 4000);
        return url;
      } catch {
        // A failed attempt: wait, then ask again.
      }
    }
  }

  const socket = new ReconnectingWebSocket(nextUrl, undefined, {
    WebSocket: neverThrowing(options.WebSocket, clock),
    minReconnectionDelay: 0,
    maxReconnectionDelay: 0,
    reconnectionDelayGrowFactor: 1,
    minUptime: 0,
    connectionTimeout: LIBRARY_CONNECT_TIMEOUT,
    maxEnqueuedMessages: 0,
  });

  socket.onopen = () => {
    clock.clearTimeout(connectTimer);
    clock.clearTimeout(stallTimer);
    open = true;
    heardFrom();
    options.onOpen?.();
  };
  socket.onmessage = (event) => {
    heardFrom();
    options.onMessage?.(event.data);
  };
  /**
   * Every close, real or made by the library: when an attempt errors it closes the socket itself and
   * reports code 1000; that is a failed connection (1006, as browsers say). When Parley dropped the
   * link, the library's event carries Parley's code. The library has already started the next attempt.
   */
  socket.onclose = (event: CloseEvent) => {
    if (stopped) return;
    const madeByLibrary = event.target === socket;
    const code = madeByLibrary && event.code == 1000 ? 1006 : event.code;
    const fatal = !!options.fatal?.includes(code);
    clock.clearTimeout(connectTimer);
    clock.clearTimeout(silenceTimer);
    if (open) {
      open = false;
      beginOutage();
    }
    if (fatal) close();
    options.onClose?.(code, event.reason, fatal);
  };

  /** The network may be back: a retry waiting its delay starts now (an attempt in flight goes on). */
  const stopHints = (options.networkHints ?? browserNetworkHints)(() => retryWait?.end());

  function close() {
    stopped = true;
    open = false;
    clock.clearTimeout(stallTimer);
    clock.clearTimeout(silenceTimer);
    clock.clearTimeout(connectTimer);
    retryWait?.end();
    stopHints();
    socket.close();
  }

  beginOutage();
  return {
    send(data) {
      if (!open) return false;
      socket.send(data);
      return true;
    },
    isOpen: () => open,
    close,
  };
}
