// The stream socket of sdk-node 1.1.0 (sheet §4): fixed path, IP filter close 4003, missing sessionId close
// 4000, unknown ids accepted, `{type, data}` JSON frames, client `event` and `typing` frames. No keepalive,
// no replay.

import { getClientIp, ipListed } from './filters.js';

/** @typedef {import('./pocketping.js').PocketPing} PocketPing */
/** @typedef {import('ws').WebSocket} WebSocket */

/** Fixed in sdk-node's `attachWebSocket`, whatever the HTTP mount (quirk §8.8). */
export const WS_PATH = '/pocketping/stream';

/** What `ws` writes when it refuses an upgrade (wrong path, bad handshake). @param {import('node:stream').Duplex} socket */
export function rejectUpgrade(socket) {
  if (socket.writable) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: 11\r\n\r\nBad Request');
  }
  socket.destroy();
}

/** Raw path of an upgrade request, compared verbatim like `ws` does (`/pocketping/stream/` does not match). @param {import('node:http').IncomingMessage} req */
export function upgradePath(req) {
  return (req.url ?? '/').split('?')[0];
}

/**
 * Takes an upgraded socket: filters it, then registers it under its session id.
 * @param {PocketPing} pp @param {WebSocket} ws @param {import('node:http').IncomingMessage} req
 */
export function acceptStream(pp, ws, req) {
  if (ipListed(getClientIp(req), pp.config.ipBlocklist)) {
    ws.close(4003, 'Forbidden');
    return;
  }
  const sessionId = new URL(req.url ?? '/', 'http://x').searchParams.get('sessionId');
  if (!sessionId) {
    ws.close(4000, 'sessionId required');
    return;
  }
  // Unknown ids are accepted: the socket simply receives that id's broadcasts (quirk §8.11).
  const set = pp.connections.get(sessionId) ?? new Set();
  set.add(ws);
  pp.connections.set(sessionId, set);
  ws.on('close', () => {
    set.delete(ws);
    if (!set.size && pp.connections.get(sessionId) === set) pp.connections.delete(sessionId);
  });
  ws.on('message', async (raw) => {
    try {
      await handleStreamFrame(pp, sessionId, JSON.parse(String(raw)));
    } catch (e) {
      pp.log('websocket message ignored', e);
    }
  });
}

/**
 * A frame from a client: `typing` is re-broadcast verbatim, `event` goes to the handlers (and is recorded
 * when its session exists), anything else is ignored.
 * @param {PocketPing} pp @param {string} sessionId @param {any} frame
 */
export async function handleStreamFrame(pp, sessionId, frame) {
  if (frame.type === 'typing') {
    pp.broadcastToSession(sessionId, { type: 'typing', data: frame.data });
  } else if (frame.type === 'event') {
    const event = frame.data;
    event.sessionId = sessionId; // throws on a non-object payload, which drops the frame
    if (await pp.handleCustomEvent(sessionId, event)) pp.receivedEvents.push(event);
  }
}
