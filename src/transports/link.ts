/**
 * The skeleton every backend's transport is built on: what all of them do the same way, written once.
 * - the emitter of transport events, warn-once, the debug line for dropped wire data;
 * - the connect guard: `begin()` stops what ran and starts a new generation; a step awaited since
 *   then `check()`s it and gives up once `stop()` (disconnect) came meanwhile, so a stopped connect
 *   never opens a socket or adopts a session;
 * - the event stream and its link state: `live` on open, `down` only after `live`, `polling` on a stall;
 * - JSON calls with the site's tokens (one retry with a fresh token when refused) and one error mapping.
 */
import type { TokenProvider } from '../auth/token-provider';
import { createEmitter, type Emitter } from '../core/emitter';
import type { ParleyError } from '../core/errors';
import type { LinkState, TransportEnv, TransportEvents } from '../core/transport';
import { requestJson, type HttpRequest } from './http';
import { parseFrame } from './json';
import { fault } from './kit';
import { openSocket, type Socket, type SocketOptions } from './socket';

/** The reconnect timings a backend's `socket` option may tune (tests shorten them). */
export type SocketTuning = Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;

/** A connect (or another flow of several awaited steps) under way. */
export interface Attempt {
  /** False once a stop came after this attempt began. */
  current(): boolean;
  /** Throws a `network` error (`<backend>: disconnected`) once a stop came after this attempt began. */
  check(): void;
}

/** The event stream of a backend, and what it does on top of the link-state mapping. */
export interface StreamOptions {
  /** Called before every attempt (may await a fresh token). */
  url: () => string | Promise<string>;
  tuning?: SocketTuning;
  /** Close codes that mean "do not come back". */
  fatal?: number[];
  /** Report `live` when the socket opens (default); false: the backend reports it once it knows (`setLink`). */
  liveOnOpen?: boolean;
  /** A stall before the stream ever opened fails `untilOpen()` and closes it, instead of `polling`. */
  mustOpenFirst?: boolean;
  /** The socket opened; `previous`: the link state before (`undefined` for the first open since a stop). */
  onOpen?(previous: LinkState | undefined): void;
  /** One parsed frame (frames that are not JSON text are dropped with a debug line). */
  onFrame?(frame: unknown): void;
  onClose?(code: number, fatal: boolean): void;
  onStall?(): void;
}

/** How a JSON call is authorised. */
export interface CallAuth {
  /** The site's tokens: a refused token is renewed and the call tried once more. */
  tokens?: TokenProvider;
  /** A token the transport holds itself (a guest's JWT), when there is no provider. */
  token?: string;
  /** The `Authorization` header for a token and its type (`token_type`, default `Bearer`). */
  header(token: string, type: string): string;
}

export interface Link extends Pick<Emitter<TransportEvents>, 'on' | 'emit'> {
  /** A `<backend>: <message>` ParleyError. */
  fault(code: ParleyError['code'], message: string): ParleyError;
  /** Throws a `protocol` error: the answer to `what` does not fit. */
  badAnswer(what: string): never;
  /** Emits a `warning`, once per distinct message. */
  warnOnce(warning: ParleyError): void;
  /** One debug line for wire data that does not fit (never the data itself: it may carry secrets). */
  dropped(): void;
  /** Stops what ran (as `stop()`) and starts a new attempt. */
  begin(): Attempt;
  /** The attempt of the current generation (a flow that must not stop what runs, e.g. a re-created session). */
  attempt(): Attempt;
  /** Closes the stream, forgets the link state, fails `untilOpen()` waiters and ends every attempt under way. */
  stop(): void;
  /** Opens the event stream (closing the previous one); `down` until it opens, when the link was live. */
  openStream(options: StreamOptions): Socket;
  /** The open stream, if any. */
  socket(): Socket | undefined;
  /** The last link state reported (`undefined` since the last stop). */
  state(): LinkState | undefined;
  /** Reports a link state: each change once; `down` only after `live`. */
  setLink(state: LinkState): void;
  /** Resolves when the stream opens; rejects on a stall or a stop first. */
  untilOpen(): Promise<void>;
  /** One JSON request (http.ts's timeout and error mapping), authorised by `auth`. */
  json(url: string, request?: HttpRequest, auth?: CallAuth, onResponse?: (response: Response) => void): Promise<unknown>;
}

/** The skeleton of one transport of `backendName`; `onStop` clears the backend's own timers on every stop. */
export function createLink(backendName: string, env: TransportEnv, onStop?: () => void): Link {
  const { on, emit } = createEmitter<TransportEvents>();
  const warned = new Set<string>();
  let generation = 0;
  let socket: Socket | undefined;
  let state: LinkState | undefined;
  let waiters: { resolve: () => void; reject: (error: ParleyError) => void }[] = [];

  const makeFault = (code: ParleyError['code'], message: string) => fault(backendName, code, message);
  const settleWaiters = (error?: ParleyError) => {
    const settled = waiters;
    waiters = [];
    for (const waiter of settled) error ? waiter.reject(error) : waiter.resolve();
  };
  const setLink = (next: LinkState) => {
    if (next === state || (next === 'down' && state !== 'live')) return;
    state = next;
    emit('link', next);
  };
  const attempt = (): Attempt => {
    const mine = generation;
    return {
      current: () => mine === generation,
      check() {
        if (mine !== generation) throw makeFault('network', 'disconnected');
      },
    };
  };
  const stop = () => {
    generation++;
    socket?.close();
    socket = undefined;
    state = undefined;
    onStop?.();
    settleWaiters(makeFault('network', 'disconnected'));
  };
  const dropped = () => env.log('debug', backendName + ': dropped a malformed frame');

  return {
    on,
    emit,
    fault: makeFault,
    badAnswer(what) {
      throw makeFault('protocol', 'unexpected answer to ' + what);
    },
    warnOnce(warning) {
      if (warned.has(warning.message)) return;
      warned.add(warning.message);
      emit('warning', warning);
    },
    dropped,
    begin() {
      stop();
      return attempt();
    },
    attempt,
    stop,
    socket: () => socket,
    state: () => state,
    setLink,
    untilOpen: () => new Promise((resolve, reject) => waiters.push({ resolve, reject })),

    openStream(options) {
      socket?.close();
      // A new socket misses what arrives until it opens: the next `live` makes the core catch up.
      setLink('down');
      let opened = false;
      const stream: Socket = openSocket({
        // WebSocket and clock come from env.
        WebSocket: env.WebSocket,
        clock: env.clock,
        ...options.tuning,
        fatal: options.fatal,
        url: options.url,
        onOpen() {
          const previous = state;
          opened = true;
          if (options.liveOnOpen !== false) setLink('live');
          settleWaiters();
          options.onOpen?.(previous);
        },
        onMessage(data) {
          const frame = parseFrame(data);
          if (frame === undefined) dropped();
          else options.onFrame?.(frame);
        },
        // Failed attempts close too: only a live link goes `down`. A fatal close does not reconnect:
        // not `down`, the backend says what it means.
        onClose(code, _reason, fatal) {
          if (!fatal) setLink('down');
          options.onClose?.(code, fatal);
        },
        onStall() {
          if (options.mustOpenFirst && !opened) {
            stream.close();
            settleWaiters(makeFault('network', 'no event stream'));
            return;
          }
          setLink('polling');
          settleWaiters(makeFault('network', 'no live connection'));
          options.onStall?.();
        },
      });
      socket = stream;
      return stream;
    },

    json(url, request = {}, auth, onResponse) {
      const send = (token?: string, type = 'Bearer') =>
        requestJson(env.fetch, env.clock, url, token && auth ? { ...request, headers: { ...request.headers, Authorization: auth.header(token, type) } } : request, onResponse);
      return auth?.tokens ? auth.tokens.withAuth(send) : send(auth?.token);
    },
  };
}
