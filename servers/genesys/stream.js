/**
 * The event stream: a WebSocket at `eventStreamUri` (`/chat/jwt/<JWT>`), server → client only, with
 * `channel.metadata` heartbeats (protocols/genesys.md §7).
 */
import { WebSocketServer } from 'ws';

export const HEARTBEAT = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });

/**
 * @param {{ convs: import('./rest.js').RestContext['convs'], issuer: import('./rest.js').RestContext['issuer'],
 *   now: () => number, heartbeatMs: number, requests: import('./rest.js').RecordedRequest[] }} ctx
 */
export function createStream(ctx) {
  const wss = new WebSocketServer({ noServer: true });
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let holdUntil = 0;

  /**
   * @param {import('node:stream').Duplex} socket
   * @param {number} status
   * @param {string} text
   */
  const refuse = (socket, status, text) => {
    // A client may reset the connection before reading the answer: not the server's error.
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  /** @param {number} ms 0 or less stops the heartbeats (a silent but open socket). */
  function setHeartbeatInterval(ms) {
    clearInterval(timer);
    timer = undefined;
    if (ms > 0) {
      timer = setInterval(() => {
        for (const conv of ctx.convs.all.values()) for (const ws of conv.sockets) if (ws.readyState === 1) ws.send(HEARTBEAT);
      }, ms);
    }
  }
  setHeartbeatInterval(ctx.heartbeatMs);

  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     */
    upgrade(req, socket, head) {
      ctx.requests.push({ method: 'GET', url: req.url || '', headers: { ...req.headers }, body: '' });
      const path = new URL(req.url || '/', 'http://x').pathname;
      const m = /^\/chat\/jwt\/([^/]+)$/.exec(path);
      if (!m) return refuse(socket, 404, 'Not Found');
      if (ctx.now() < holdUntil) return refuse(socket, 503, 'Service Unavailable');
      const claims = ctx.issuer.verify(m[1]);
      const conv = claims && ctx.convs.all.get(claims.data.conv);
      if (!claims || !conv) return refuse(socket, 401, 'Unauthorized');
      if (conv.expired || claims.exp * 1000 <= ctx.now()) return refuse(socket, 401, 'Unauthorized');
      if (conv.ended) return refuse(socket, 400, 'Bad Request');
      wss.handleUpgrade(req, socket, head, (ws) => {
        conv.sockets.add(ws);
        conv.attaches++;
        ws.on('close', () => conv.sockets.delete(ws));
        ws.on('error', () => conv.sockets.delete(ws));
        // Clients send nothing on this socket (§7.1); count it so tests can assert that.
        ws.on('message', () => conv.clientFrames++);
        ctx.convs.route(conv);
      });
    },
    setHeartbeatInterval,
    /**
     * Cuts every socket as a network failure would (no close frame).
     * @param {number} holdMs refuse new sockets for this long
     */
    drop(holdMs = 0) {
      holdUntil = ctx.now() + holdMs;
      for (const conv of ctx.convs.all.values()) for (const ws of conv.sockets) ws.terminate();
    },
    close() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
