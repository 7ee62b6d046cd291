/**
 * The reconnecting socket every transport uses. Parley's only import of `reconnecting-websocket`:
 * swapping it for `partysocket` (same API, maintained fork) is a change to this file alone.
 *
 * The library's own backoff is switched off (its random minimum delay is drawn once per page);
 * instead the URL provider, which it awaits before each attempt, sleeps a full-jitter exponential
 * delay on the injected clock: `random() * min(maxDelay, minDelay * 2^attempt)`.
 */
import ReconnectingWebSocket from 'reconnecting-websocket';
import { backoff } from '../core/backoff';
import type { Clock, WebSocketConstructor } from './transport';

export interface SocketOptions {
  WebSocket: WebSocketConstructor;
  clock: Clock;
  /** Called before each (re)connect: refresh the URL (or its token) here. A rejection counts as a failed attempt. */
  url: () => string | Promise<string>;
  onOpen?(): void;
  /** `fatal`: the close code is in `fatal` and reconnecting has stopped. */
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
  /** Backoff cap, ms. Default 30 000. */
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
}

export interface Socket {
  /** Sends a text frame if the socket is open; false otherwise (nothing is queued). */
  send(data: string): boolean;
  isOpen(): boolean;
  /** Stops for good: closes the socket and every timer. */
  close(): void;
}

/** Opens a reconnecting socket at once (call it when the link is wanted, not at import). */
export function openSocket(o: SocketOptions): Socket {
  const { clock } = o;
  const clear = (t: unknown) => clock.clearTimeout(t);
  /** Attempts in this outage. */
  let tries = 0;
  /** Attempts ever: only the very first one goes without a delay. */
  let ever = 0;
  let open = false;
  let stopped = false;
  let stalled = false;
  /** The stall timer during an outage, the silence timer while open. */
  let timer: unknown;
  /** The backoff sleep before an attempt. */
  let sleep: unknown;

  /** Once per outage (the stall timer runs only while not open, and `close()` clears it). */
  const stall = () => stalled || ((stalled = true), o.onStall?.());
  const outage = () => {
    clear(timer);
    tries = 0;
    stalled = false;
    timer = clock.setTimeout(stall, o.stallMs ?? 5000);
  };
  const alive = () => {
    clear(timer);
    if (o.silenceMs) timer = clock.setTimeout(() => rws.reconnect(), o.silenceMs);
  };

  const rws = new ReconnectingWebSocket(
    async (): Promise<string> => {
      for (;;) {
        // The library checks its own closed flag after this resolves and then opens nothing.
        if (stopped) return '';
        if (tries >= (o.stallAttempts ?? 3)) stall();
        // The first retry of an outage draws from [0, minDelay], then the ceiling doubles.
        if (ever++) await new Promise<void>((r) => (sleep = clock.setTimeout(r, backoff(tries - 1, o.random, o.minDelay, o.maxDelay))));
        tries++;
        try {
          return await o.url();
        } catch {
          // counts as a failed attempt: loop with a longer delay
        }
      }
    },
    undefined,
    // Zero turns the library's own delay off (its maximum only caps a positive one).
    { WebSocket: o.WebSocket, minReconnectionDelay: 0, connectionTimeout: o.connectTimeout ?? 4000 },
  );
  outage();

  // A closed socket's late events are ignored.
  rws.onopen = () => {
    if (stopped) return;
    open = true;
    alive();
    o.onOpen?.();
  };
  rws.onmessage = (e) => {
    if (stopped) return;
    alive();
    o.onMessage?.(e.data);
  };
  rws.onclose = (e) => {
    if (stopped) return;
    const fatal = !!o.fatal?.includes(e.code);
    if (open) {
      open = false;
      outage();
    }
    if (fatal) close();
    o.onClose?.(e.code, e.reason, fatal);
  };

  function close() {
    stopped = true;
    open = false;
    clear(timer);
    clear(sleep);
    rws.close();
  }

  return {
    send: (data) => open && (rws.send(data), true),
    isOpen: () => open,
    close,
  };
}
