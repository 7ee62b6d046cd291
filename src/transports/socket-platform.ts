/**
 * What ./socket.ts needs from the platform around the WebSocket library: a WebSocket constructor that
 * cannot throw, and the page's hints that the network may be back.
 */
import type { Clock, WebSocketConstructor } from '../core/transport';

/**
 * Subscribes `reconnectNow` to hints that a server may be reachable again; returns the unsubscribe.
 * Injectable (tests, hosts that know better); see `browserNetworkHints` for the default.
 */
export type NetworkHints = (reconnectNow: () => void) => () => void;

/**
 * The page's hints, read when a socket opens (not at import): the browser's `online` event, and the
 * page becoming visible again (a background tab's timers are throttled, so its waits ran late). Where
 * there is no page (Node), no hints.
 */
export const browserNetworkHints: NetworkHints = (reconnectNow) => {
  if (typeof window == 'undefined' || typeof document == 'undefined') return () => {};
  const onVisibility = () => {
    if (document.visibilityState == 'visible') reconnectNow();
  };
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('online', reconnectNow);
    document.removeEventListener('visibilitychange', onVisibility);
  };
};

/**
 * The platform constructor, made unable to throw. reconnecting-websocket 4.4 builds each socket in a
 * promise chain with no `catch`, so a URL the platform refuses on the spot (a bad scheme, `ws:` from
 * an `https:` page) would stop it reconnecting for good. Here such a URL gives a socket that fails on
 * the next tick (an `error` event, as a refused connection does): one failed attempt like any other.
 */
export function neverThrowing(Platform: WebSocketConstructor, clock: Clock): WebSocketConstructor {
  class GuardedWebSocket {
    static readonly CONNECTING = Platform.CONNECTING;
    static readonly OPEN = Platform.OPEN;
    static readonly CLOSING = Platform.CLOSING;
    static readonly CLOSED = Platform.CLOSED;

    constructor(url: string) {
      try {
        return new Platform(url);
      } catch {
        return refusedSocket(Platform.CLOSED, clock);
      }
    }
  }
  return GuardedWebSocket as unknown as WebSocketConstructor;
}

/** A socket that is already closed and says so with an `error` event once its listeners are on. */
function refusedSocket(closedState: number, clock: Clock): WebSocket {
  const socket = Object.assign(new EventTarget(), { readyState: closedState, close() {} });
  clock.setTimeout(() => socket.dispatchEvent(new Event('error')), 0);
  return socket as unknown as WebSocket;
}
