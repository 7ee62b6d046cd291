/**
 * Shared setup for the genesys-messaging transport tests: the local Web Messaging server, transports
 * (and whole chats) over real HTTP/WebSockets with fast reconnect timings, and an event recorder.
 */
import { afterEach } from 'vitest';
import {
  startGenesysMessagingServer,
  type GenesysMessagingServer,
  type GenesysMessagingServerOptions,
} from '../../../servers/genesys-messaging/index.js';
import { createChat } from '../../../src/core/chat';
import type { Chat } from '../../../src/core/model';
import type { Transport, TransportEnv } from '../../../src/core/transport';
import { genesysMessaging, type GenesysMessagingOptions } from '../../../src/transports/genesys-messaging/index';
import { memoryStore } from '../../../src/storage/memory-store';
import type { KeyValueStore } from '../../../src/storage/store';
import { NodeWS, nodeEnv, realClock, until } from '../../helpers/node-env';
import { record, type Recorded } from '../../helpers/recorder';

export const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };

export interface Opened {
  transport: Transport;
  heard: Recorded;
  env: ReturnType<typeof nodeEnv>;
}

const servers: GenesysMessagingServer[] = [];
const opened: Transport[] = [];
const chats: Chat[] = [];

afterEach(async () => {
  for (const chat of chats.splice(0)) chat.destroy();
  for (const transport of opened.splice(0)) transport.disconnect();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

export async function startServer(options: GenesysMessagingServerOptions = {}) {
  const server = await startGenesysMessagingServer(options);
  servers.push(server);
  return server;
}

/** The options of a transport against `server`. */
export const optionsFor = (server: GenesysMessagingServer, over: Partial<GenesysMessagingOptions> = {}): GenesysMessagingOptions => ({
  deploymentId: server.deploymentId,
  wsUrl: server.wsUrl,
  apiUrl: server.apiUrl,
  socket: fast,
  ...over,
});

export function open(server: GenesysMessagingServer, over: Partial<GenesysMessagingOptions> = {}, envOver: Partial<TransportEnv> = {}): Opened {
  const env = nodeEnv(envOver);
  const transport = genesysMessaging(optionsFor(server, over)).create(env);
  opened.push(transport);
  return { transport, heard: record(transport), env };
}

/** A whole chat (the real core) against `server`; `store` shared between chats stands for a reload. */
export function chatOn(server: GenesysMessagingServer, store: KeyValueStore = memoryStore(), over: Partial<GenesysMessagingOptions> = {}) {
  const chat = createChat(genesysMessaging(optionsFor(server, over)), { storage: 'memory', pollInterval: 200 }, {
    store,
    fetch: globalThis.fetch,
    WebSocket: NodeWS,
    clock: realClock,
    retry: { baseMs: 50, capMs: 400 },
    page: { url: 'http://127.0.0.1/shop', userAgent: 'parley-test' },
    log: () => {},
  });
  chats.push(chat);
  return chat;
}

/** The only session's id (the server's), once it exists. */
export const onlySession = (server: GenesysMessagingServer, index = 0) => until(() => server.sessions()[index], 5000, 'a session');

/** Waits for a message event with this text. */
export const messageWith = (heard: Recorded, text: string, ms = 5000) => until(() => heard.of('message').find((m) => m.text === text), ms, `message "${text}"`);
