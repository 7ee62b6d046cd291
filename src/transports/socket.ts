/**
 * The reconnecting socket every transport uses, on the platform WebSocket (injected).
 *
 * Reconnection is ours, not a library's: every retry waits a fresh full-jitter exponential delay on
 * the injected clock, `random() * min(maxDelay, minDelay * 2^attempt)`; an attempt that does not open
 * within `connectTimeout` is abandoned; a link silent for `silenceMs` is presumed dead and reopened;
 * close codes listed as `fatal` stop for good. (Parley used `reconnecting-websocket` here until its
 * 2.5 KB gzip — a tenth of the widget's whole budget — bought nothing this file did not already do:
 * its delay is randomised once per page, so the jitter was ours anyway.)
 */
import { backoff } from '../core/backoff';
import type { Clock, WebSocketConstructor } from '../core/transport';

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
  const later = (fn: () => void, ms: number) => clock.setTimeout(fn, ms);
  let ws: WebSocket | undefined;
  /** Attempts in this outage. */
  let tries = 0;
  let open = false;
  let stopped = false;
  let stalled = false;
  /** The stall timer during an outage, the silence timer while open. */
  let timer: unknown;
  /** The backoff sleep before an attempt, then that attempt's connect timeout. */
  let wait: unknown;

  /** Once per outage (the stall timer runs only while not open, and `close()` clears it). */
  const stall = () => stalled || ((stalled = true), o.onStall?.());
  const outage = () => {
    clear(timer);
    tries = 0;
    stalled = false;
    timer = later(stall, o.stallMs ?? 5000);
  };
  const alive = () => {
    clear(timer);
    if (o.silenceMs) timer = later(() => drop(4408, 'silent'), o.silenceMs);
  };

  /**
   * Lets go of the current socket at once, handlers first: a dead link may never finish its closing
   * handshake, and a dropped one must report nothing more. (`close()` without a code never throws,
   * and does nothing on a closed socket: `ws` may stay.)
   */
  const release = () => {
    clear(wait);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      ws.close();
    }
  };

  /** The link is lost (closed, silent, or not open in time): tell, then try again unless `code` is fatal. */
  function drop(code: number, reason: string) {
    const fatal = !!o.fatal?.includes(code);
    release();
    if (open) {
      open = false;
      outage();
    }
    fatal ? close() : attempt(true);
    o.onClose?.(code, reason, fatal);
  }

  /**
   * One attempt, after a full-jitter delay except for the very first. A failing `url()` and a URL the
   * platform refuses (bad scheme) are failed attempts: try again, later (unless stopped meanwhile).
   */
  function attempt(again?: boolean) {
    if (tries >= (o.stallAttempts ?? 3)) stall();
    wait = later(
      async () => {
        tries++;
        try {
          const url = await o.url();
          if (stopped) return;
          const w = (ws = new o.WebSocket(url));
          wait = later(() => drop(4408, 'timeout'), o.connectTimeout ?? 4000);
          w.onopen = () => {
            clear(wait);
            open = true;
            alive();
            o.onOpen?.();
          };
          w.onmessage = (e) => {
            alive();
            o.onMessage?.(e.data);
          };
          w.onclose = (e) => drop(e.code, e.reason);
        } catch {
          stopped || attempt(true);
        }
      },
      again ? backoff(tries - 1, o.random, o.minDelay, o.maxDelay) : 0,
    );
  }

  function close() {
    stopped = true;
    open = false;
    clear(timer);
    release();
  }

  outage();
  attempt();
  return {
    send: (data) => open && (ws!.send(data), true),
    isOpen: () => open,
    close,
  };
}
