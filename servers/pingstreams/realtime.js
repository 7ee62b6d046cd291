// Realtime WebSocket of the local Pingstreams server (shared/protocols/pingstreams.md §5):
// `?token=` on upgrade, subscribe/unsubscribe/heartbeat/me frames, snapshot then live `publish` frames.
import { WebSocketServer } from 'ws';
import { ROLES } from './state.js';

const MESSAGES_LIMIT = 300;
const REQUESTS_LIMIT = 100;

/**
 * @typedef {import('ws').WebSocket & { isAlive?: boolean, user?: Record<string, any>, connId?: string }} Client
 */

/**
 * @param {{ projectId: string, wsPath: string, heartbeatMs: number,
 *   state: ReturnType<typeof import('./state.js').createState>,
 *   auth: ReturnType<typeof import('./auth.js').createAuth>,
 *   refused: () => boolean }} deps
 */
export function createRealtime({ projectId, wsPath, heartbeatMs, state, auth, refused }) {
  const wss = new WebSocketServer({ noServer: true });
  /** @type {Map<string, Set<Client>>} */
  const topics = new Map();
  let connections = 0;

  /** @param {Client} ws @param {unknown} frame */
  const send = (ws, frame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  /**
   * Pushes to every subscriber of a topic.
   * @param {string} topic @param {'CREATE' | 'UPDATE'} method @param {unknown} message
   */
  function publish(topic, method, message) {
    for (const ws of topics.get(topic) ?? []) send(ws, { action: 'publish', payload: { topic, method, message } });
  }

  /**
   * The snapshot a subscriber gets, or undefined when it may not see the topic (then: no frame at all).
   * Pingstreams: visitors see requests where they are the requester or a participant (§5.5).
   * @param {Record<string, any>} user @param {string} topic
   */
  function snapshot(user, topic) {
    const m = /^\/([^/]+)\/requests(?:\/([^/]+)(\/messages)?)?$/.exec(topic);
    if (!m || m[1] !== projectId) return undefined;
    const role = auth.roleOf(user);
    if (!role) return undefined;
    const staff = ROLES.indexOf(role) >= ROLES.indexOf('agent');
    if (!m[2]) {
      if (!staff) return undefined;
      return [...state.requests.values()].filter((r) => r.status < 1000).slice(0, REQUESTS_LIMIT).map(state.populated);
    }
    const req = state.requests.get(m[2]);
    if (!req) return undefined;
    const mine = req.snapshot.requester.uuid_user === user._id || req.snapshot.requester.id_user === user._id;
    if (!staff && !mine && !req.participants.includes(user._id)) return undefined;
    return m[3] ? state.messagesOf(m[2]).slice(0, MESSAGES_LIMIT) : state.populated(req);
  }

  /** @param {Client} ws @param {import('ws').RawData} data @param {boolean} binary */
  function onFrame(ws, data, binary) {
    ws.isAlive = true;
    if (binary) return;
    /** @type {any} */
    let f;
    try {
      f = JSON.parse(data.toString());
    } catch {
      return;
    }
    const topic = typeof f?.payload?.topic === 'string' ? f.payload.topic : undefined;
    const user = /** @type {Record<string, any>} */ (ws.user);
    switch (f?.action) {
      case 'subscribe': {
        if (!topic) return;
        const snap = snapshot(user, topic);
        if (snap === undefined) return;
        if (!topics.has(topic)) topics.set(topic, new Set());
        topics.get(topic)?.add(ws);
        send(ws, { action: 'publish', payload: { topic, method: 'CREATE', message: snap } });
        return;
      }
      case 'unsubscribe':
        if (topic) topics.get(topic)?.delete(ws);
        return;
      case 'heartbeat':
        if (f.payload?.message?.text === 'ping') send(ws, { action: 'heartbeat', payload: { message: { text: 'pong' } } });
        return;
      case 'me':
        send(ws, { action: 'me', payload: { id: ws.connId, userId: user._id ?? null } });
        return;
      case 'publish':
      case 'broadcast':
        // Upstream relays these without checks; kept for fidelity (clients should not send them).
        if (topic) for (const s of topics.get(topic) ?? []) send(s, { action: 'publish', payload: f.payload });
    }
  }

  /**
   * Handles an HTTP upgrade on the API server.
   * @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} socket @param {Buffer} head
   */
  function upgrade(req, socket, head) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (/** @type {string} */ status) => {
      // A client may reset the connection before reading the answer: not the server's error.
      socket.on('error', () => {});
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== wsPath) return reject('404 Not Found');
    if (refused()) return reject('503 Service Unavailable');
    const token = (url.searchParams.get('token') ?? '').replace(/^JWT /i, '');
    const user = token ? auth.userOf(token) : null;
    if (!user) return reject('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (/** @type {Client} */ ws) => {
      ws.isAlive = true;
      ws.user = user;
      ws.connId = String(++connections);
      ws.on('message', (data, binary) => onFrame(ws, data, binary));
      ws.on('close', () => {
        for (const set of topics.values()) set.delete(ws);
      });
      ws.on('error', () => {});
    });
  }

  // Keep-alive (§5.3): ping every interval; a socket silent for a whole interval after a ping is terminated.
  const tick = () => {
    for (const ws of /** @type {Set<Client>} */ (wss.clients)) {
      if (!ws.isAlive) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      send(ws, { action: 'heartbeat', payload: { message: { text: 'ping' } } });
    }
  };
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let beat;
  const start = () => {
    clearInterval(beat);
    beat = setInterval(tick, heartbeatMs);
    beat.unref();
  };
  start();

  return {
    upgrade,
    publish,
    /** Terminates every open socket (simulates a network drop). */
    dropAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    /** Stops the heartbeat and drops every socket (the server is going away). */
    pause() {
      clearInterval(beat);
      for (const ws of wss.clients) ws.terminate();
    },
    /** Restarts the heartbeat. */
    resume: start,
  };
}
