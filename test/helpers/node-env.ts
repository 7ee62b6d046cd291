/**
 * A real `TransportEnv` for Node tests: global fetch, the `ws` WebSocket, the real clock, and a log
 * that records what transports say (tests assert "dropped a malformed frame" and that no secret leaks).
 */
import { WebSocket } from 'ws';
import type { Clock, TransportEnv, WebSocketConstructor } from '../../src/core/transport';

/**
 * `ws` speaks the browser WebSocket API (addEventListener, readyState constants) but emits Node
 * 'error' events: one with no listener (e.g. closing a socket that is still connecting) would crash
 * the test process, so every instance gets a no-op listener. The browser type differs only in
 * Node-only extras, hence the one cast.
 */
class NodeWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', () => {});
  }
}
export const NodeWS = NodeWebSocket as unknown as WebSocketConstructor;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LogEntry {
  level: 'debug' | 'warn';
  message: string;
  detail?: unknown;
}

/** An env over the real network; `logs` collects every log line. */
export function nodeEnv(over: Partial<TransportEnv> = {}): TransportEnv & { logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  return {
    fetch: globalThis.fetch,
    WebSocket: NodeWS,
    clock: realClock,
    version: '1.0.0',
    page: { url: 'http://127.0.0.1/page', title: 'Test page', userAgent: 'parley-test', language: 'en', timezone: 'UTC', screen: '1280x720' },
    log: (level, message, detail) => logs.push({ level, message, detail }),
    logs,
    ...over,
  };
}

/** Waits until `check()` returns a truthy value (polled every 10 ms), or fails after `ms`. */
export async function until<T>(check: () => T | undefined | false | null, ms = 3000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
