/**
 * The three original backends as the multi-tab chaos suite drives them, one shape for all: start the
 * local server, the `Parley.init` config a page uses, what the server STORED for a conversation (every
 * row, duplicates included, in the server's order), the operator's side, and a way to take the whole
 * server down and back up. Stored texts are read over each server's control API (`/test/...`).
 */
import { startGenesysServer } from '../../servers/genesys/index.js';
import { startPingstreamsServer } from '../../servers/pingstreams/index.js';
import { startPocketPingServer } from '../../servers/pocketping/index.js';
import { control } from './control';

export type BackendName = 'pocketping' | 'genesys' | 'pingstreams';

export interface ChaosBackend {
  name: BackendName;
  /** What `Parley.init` takes for this backend (fast reconnects, short polls). */
  config: Record<string, unknown>;
  /** Ids of every conversation the server holds, oldest first. */
  conversations(): Promise<string[]>;
  /** Every text the server stored in the conversation, visitor's and operator's, duplicates included, in order. */
  storedTexts(conversationId: string): Promise<string[]>;
  /** The operator writes to the conversation. */
  operatorSays(conversationId: string, text: string): Promise<void>;
  /** Whether some tab holds the conversation's realtime link (stream, socket) right now. */
  linked(conversationId: string): Promise<boolean>;
  /** The server goes down (every connection refused) ... */
  stop(): Promise<void>;
  /** ... and comes back on the same port, with what it stored. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const FAST_LINK = { socket: { minDelay: 100, maxDelay: 400 }, pollInterval: 500 };

async function pocketPing(): Promise<ChaosBackend> {
  const server = await startPocketPingServer({ port: 0 });
  const base = server.endpoint.replace(/\/pocketping$/, '');
  interface Row {
    id: string;
    content: string;
  }
  return {
    name: 'pocketping',
    config: { backend: 'pocketping', endpoint: server.endpoint, ...FAST_LINK },
    conversations: async () => server.sessions().map((session) => session.id),
    async storedTexts(sessionId) {
      const { messages } = await control<{ messages: Row[] }>(base, `/test/messages?sessionId=${encodeURIComponent(sessionId)}`);
      // The server's `/read` saves a read row again under the same id (quirk §8.6): one text per id.
      return [...new Map(messages.map((row) => [row.id, row.content])).values()];
    },
    operatorSays: async (sessionId, text) => void (await server.pp.sendOperatorMessage(sessionId, text)),
    linked: async (sessionId) => server.pp.connections.has(sessionId),
    stop: () => server.stop(),
    restart: () => server.restart(),
    close: () => server.close(),
  };
}

async function genesys(): Promise<ChaosBackend> {
  const server = await startGenesysServer({ port: 0 });
  const joined = new Set<string>();
  interface Summary {
    id: string;
    sockets: number;
  }
  interface Row {
    body: string;
    bodyType: string;
  }
  const summaries = () => control<Summary[]>(server.url, '/test/conversations');
  return {
    name: 'genesys',
    config: { backend: 'genesys', apiUrl: server.apiUrl, organizationId: 'org-e2e', deploymentId: 'dep-e2e', queue: 'Support', ...FAST_LINK },
    conversations: async () => (await summaries()).map((summary) => summary.id),
    storedTexts: async (id) =>
      (await control<Row[]>(server.url, `/test/conversations/${id}/messages`)).filter((row) => row.bodyType === 'standard').map((row) => row.body),
    async operatorSays(id, text) {
      if (!joined.has(id)) await control(server.url, `/test/conversations/${id}/join`, { name: 'Ada' });
      joined.add(id);
      await control(server.url, `/test/conversations/${id}/say`, { text });
    },
    linked: async (id) => ((await summaries()).find((summary) => summary.id === id)?.sockets ?? 0) > 0,
    stop: () => server.stop(),
    restart: () => server.restart(),
    close: () => server.stop(),
  };
}

async function pingstreams(): Promise<ChaosBackend> {
  const server = await startPingstreamsServer({ port: 0 });
  interface Row {
    text: string;
  }
  return {
    name: 'pingstreams',
    config: { backend: 'pingstreams', apiUrl: server.apiUrl, projectId: server.projectId, ...FAST_LINK },
    conversations: async () => (await control<{ request_id: string }[]>(server.url, '/test/requests')).map((request) => request.request_id),
    storedTexts: async (id) => (await control<Row[]>(server.url, `/test/requests/${id}/messages`)).map((row) => row.text),
    operatorSays: async (id, text) => void (await control(server.url, `/test/requests/${id}/say`, { text, name: 'Ada' })),
    // The realtime socket is per visitor, not per request: any open one counts.
    linked: async () => server.streamRequests() > 0,
    stop: () => server.stop(),
    restart: () => server.restart(),
    close: () => server.stop(),
  };
}

export const BACKENDS: Record<BackendName, () => Promise<ChaosBackend>> = { pocketping: pocketPing, genesys, pingstreams };
