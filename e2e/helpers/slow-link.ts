/**
 * A slow link in front of a local server, on 127.0.0.1: every request and WebSocket passes through
 * unchanged, but a CORS preflight (`OPTIONS`) is answered only `preflightMs` later, as over a link with
 * a long round trip. A cross-origin JSON `POST` waits for its preflight (the server sends no
 * `Access-Control-Max-Age`, so Chromium keeps an answer 5 s), so a page closed within that time has
 * not sent the `POST` itself yet.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SlowLink {
  /** `http://127.0.0.1:<port>`: the target's origin, behind the slow link. */
  url: string;
  /** Requests seen, as `METHOD /path`, in order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startSlowLink(target: string, preflightMs: number): Promise<SlowLink> {
  const { hostname, port } = new URL(target);
  if (hostname !== '127.0.0.1') throw new Error('the slow link only forwards to 127.0.0.1');
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const pass = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = forward({ host: hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };
  const server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${new URL(incoming.url ?? '/', 'http://link').pathname}`);
    if (incoming.method === 'OPTIONS') setTimeout(() => pass(incoming, outgoing), preflightMs);
    else pass(incoming, outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // The widget's stream: the upgrade request is replayed upstream and both sockets are joined.
  server.on('upgrade', (incoming: IncomingMessage, socket: Socket, head: Buffer) => {
    const upstream = connect(Number(port), hostname, () => {
      const headers = Object.entries(incoming.headers).map(([name, value]) => `${name}: ${value}`);
      upstream.write([`${incoming.method} ${incoming.url} HTTP/1.1`, ...headers, '', ''].join('\r\n'));
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', end);
    socket.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
