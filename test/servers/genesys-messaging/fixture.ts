// Shared by the genesys-messaging server tests: a started server, a guest socket speaking the Guest API
// with the plain `ws` client (no official Node client exists), and the /test control API over HTTP.
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import {
  startGenesysMessagingServer,
  type GenesysMessagingServer,
  type GenesysMessagingServerOptions,
} from '../../../servers/genesys-messaging/index.js';
import { until } from '../../helpers/node-env';

const servers: GenesysMessagingServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

export async function start(options: GenesysMessagingServerOptions = {}) {
  const server = await startGenesysMessagingServer(options);
  servers.push(server);
  return server;
}

/** A server frame, as the sheet documents them (§2.1). */
export interface Frame {
  type: 'response' | 'message';
  class: string;
  code: number;
  body: any;
  tracingId?: string;
}

/** One guest socket: every frame it received, in order. */
export interface Guest {
  ws: WebSocket;
  token: string;
  frames: Frame[];
  /** Sends a raw request object. */
  send(request: object): void;
  /** Sends `action` with a fresh tracingId and resolves the frame that carries it back. */
  request(action: string, fields?: object): Promise<Frame>;
  /** Waits for the first frame received after `fromIndex` that matches. */
  next(match: (frame: Frame) => boolean, fromIndex?: number, ms?: number): Promise<Frame>;
}

/** Opens a socket at `/v1?deploymentId=…` (the SDKs add `application`). */
export async function connect(server: GenesysMessagingServer, token: string = randomUUID(), query = `deploymentId=${server.deploymentId}&application=ParleyTest-1.0.0`): Promise<Guest> {
  const ws = new WebSocket(`${server.wsUrl}?${query}`);
  sockets.push(ws);
  ws.on('error', () => {});
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
  });
  const guest: Guest = {
    ws,
    token,
    frames,
    send: (request) => ws.send(JSON.stringify(request)),
    next: (match, fromIndex = 0, ms = 2000) => until(() => frames.slice(fromIndex).find(match), ms, 'a matching frame'),
    async request(action, fields = {}) {
      const tracingId = randomUUID();
      guest.send({ action, token, tracingId, ...fields });
      return guest.next((frame) => frame.tracingId === tracingId);
    },
  };
  return guest;
}

/** A socket with its session configured (`configureSession` answered). */
export async function configured(server: GenesysMessagingServer, token?: string, fields: object = {}) {
  const guest = await connect(server, token);
  const reply = await guest.request('configureSession', { deploymentId: server.deploymentId, ...fields });
  if (reply.class !== 'SessionResponse') throw new Error(`configureSession answered ${JSON.stringify(reply)}`);
  return Object.assign(guest, { session: reply.body });
}

/** The upgrade's HTTP status when the server refuses the socket. */
export function refusedStatus(url: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('error', () => {});
    ws.once('open', () => reject(new Error('the socket was accepted')));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
  });
}

/** The /test control API over HTTP: POST with a body, GET without. */
export async function control(server: GenesysMessagingServer, path: string, body?: object) {
  const res = await fetch(`${server.url}/test${path}`, { method: body ? 'POST' : 'GET', body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** An `onMessage` Text request's `message`. */
export const text = (value: string, extra: object = {}) => ({ message: { type: 'Text', text: value, ...extra } });

/** Reads the frames of the chosen classes, in order. */
export const classesOf = (guest: Guest) => guest.frames.map((frame) => frame.class);
