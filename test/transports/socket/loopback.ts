/**
 * Loopback servers for the socket tests (127.0.0.1 only): a real `ws` server, a port where nothing
 * listens, and a TCP server that never answers the upgrade. `closeLoopback()` (in afterEach) closes
 * the sockets the tests opened and every server.
 */
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { openSocket, type Socket, type SocketOptions } from '../../../src/transports/socket';
import { NodeWS, realClock } from '../../helpers/node-env';

const servers: WebSocketServer[] = [];
const tcpServers: Server[] = [];
const tcpConnections: TcpSocket[] = [];
const sockets: Socket[] = [];

export interface LoopbackServer {
  url: string;
  port: number;
  server: WebSocketServer;
  /** Stops listening and drops every client (as a crashed server does). */
  stop(): Promise<void>;
}

/** A `ws` server on 127.0.0.1 (on `port`, or any free one); `onSocket` gets each connection and its request URL. */
export async function wsServer(onSocket: (ws: ServerSocket, url: string) => void = () => {}, port = 0): Promise<LoopbackServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (ws, request) => onSocket(ws, request.url ?? ''));
  const actualPort = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${actualPort}`,
    port: actualPort,
    server,
    stop: () => stopServer(server),
  };
}

function stopServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port where nothing listens: every attempt is refused at once. */
export async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return `ws://127.0.0.1:${port}`;
}

/** Accepts TCP and never answers the upgrade: every attempt hangs. */
export async function hangingUrl(): Promise<string> {
  const tcp = createServer((connection) => {
    connection.on('error', () => {});
    tcpConnections.push(connection);
  });
  tcpServers.push(tcp);
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(tcp.address() as { port: number }).port}`;
}

/** `openSocket` on Node's `ws` and the real clock, with short retry delays unless given. */
export function openTestSocket(options: Partial<SocketOptions> & Pick<SocketOptions, 'url'>): Socket {
  const socket = openSocket({ WebSocket: NodeWS, clock: realClock, minDelay: 10, maxDelay: 100, ...options });
  sockets.push(socket);
  return socket;
}

export async function closeLoopback(): Promise<void> {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(servers.splice(0).map(stopServer));
  for (const connection of tcpConnections.splice(0)) connection.destroy();
  await Promise.all(tcpServers.splice(0).map((tcp) => new Promise((resolve) => tcp.close(resolve))));
}
