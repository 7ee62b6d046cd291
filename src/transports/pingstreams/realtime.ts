/**
 * The visitor's realtime link (protocol sheet `pingstreams.md` §5): one reconnecting WebSocket
 * (`?token=`), subscriptions to the request and its messages, answers to the server's heartbeat.
 * There is no resume cursor (quirk 9): every (re)open resubscribes, and the link is reported `live`
 * only once the message snapshot shows the subscription holds; the core then catches up over REST.
 */
import { parseJson } from '../http';
import { openSocket, type SocketOptions } from '../socket';
import type { LinkState, TransportEnv } from '../transport';
import { parseFrame } from './wire';

export type SocketTuning = Pick<SocketOptions, 'minDelay' | 'maxDelay' | 'connectTimeout' | 'stallAttempts' | 'stallMs' | 'silenceMs'>;

export interface RealtimeHandlers {
  link(state: LinkState): void;
  /** Items of the messages topic (snapshot or live push). */
  messages(items: unknown[]): void;
  /** Items of the request topic. */
  request(items: unknown[]): void;
}

/**
 * Opens the link. `url()` is called before every attempt (it carries a fresh token).
 * `snapshotMs`: how long to wait for a subscription's snapshot before resubscribing once and then
 * falling back to polling (an unauthorised subscription is silent, quirk 10).
 */
export function openRealtime(
  env: TransportEnv,
  url: () => Promise<string>,
  h: RealtimeHandlers,
  tuning: SocketTuning = {},
  snapshotMs = 5000,
) {
  const { clock } = env;
  let base = '';
  let timer: unknown;
  let tries = 0;
  let open = false;
  const cancel = () => {
    clock.clearTimeout(timer);
    timer = undefined;
  };

  const send = (action: string, payload: unknown) => sock.send(JSON.stringify({ action, payload }));
  const subscribe = () => {
    cancel();
    if (!base) return h.link('live');
    send('subscribe', { topic: base });
    send('subscribe', { topic: base + '/messages' });
    // No snapshot: resubscribe once, then poll until the next reconnect.
    timer = clock.setTimeout(() => (tries++ ? h.link('polling') : subscribe()), snapshotMs);
  };

  const sock = openSocket({
    silenceMs: 45000, // the server pings every 30 s
    ...tuning,
    WebSocket: env.WebSocket,
    clock,
    url,
    onOpen() {
      open = true;
      tries = 0;
      subscribe();
    },
    onClose() {
      cancel();
      // Failed attempts close too: only a link that was open goes `down` (a stalled one stays `polling`).
      if (open) h.link('down');
      open = false;
    },
    onStall: () => h.link('polling'),
    onMessage(data) {
      let f;
      try {
        if (typeof data === 'string' && data.length < 4e6) f = parseFrame(parseJson(data));
      } catch {
        // bad JSON: dropped below
      }
      if (!f) return env.log('debug', 'pingstreams: dropped a frame');
      if ('ping' in f) return void send('heartbeat', { message: { text: 'pong' } });
      if (f.topic === base) return h.request(f.items);
      if (f.topic !== base + '/messages') return;
      if (timer !== undefined) {
        cancel();
        h.link('live');
      }
      h.messages(f.items);
    },
  });

  return {
    /** Follow a request (call once it exists: after its first message, quirk 6). */
    watch(topic: string) {
      if (topic === base) return;
      base = topic;
      tries = 0;
      if (sock.isOpen()) subscribe();
    },
    close() {
      cancel();
      sock.close();
    },
  };
}
