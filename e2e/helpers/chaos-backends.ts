/**
 * The three original backends behind one shape, for the chaos suite: each adapter knows its host page,
 * which browser request is the visitor's send, what its server STORED for the visitor (duplicates
 * included), and how to cut its stream or take the whole server down and up again on the same port.
 *
 *   const e2e = useE2E();
 *   const backends = useChaosBackends(e2e); // PocketPing (e2e.pp), Genesys guest chat, Pingstreams
 *   for (const backend of backends) { backend.mark(); ... await backend.visitorTexts(); }
 */
import { afterAll, beforeAll } from 'vitest';
import type { Request } from 'playwright-core';
import { startGenesysServer, type GenesysServer } from '../../servers/genesys/index.js';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import type { PocketPingServer } from '../../servers/pocketping/index.js';
import type { E2E } from './setup';

export interface ChaosBackend {
  name: 'pocketping' | 'genesys' | 'pingstreams';
  /** The host page (on the static server) that embeds the widget on this backend. */
  page: string;
  /** Whether a browser request is the visitor's send of one message. */
  isSend(request: Request): boolean;
  /** Whether a browser request is the call that starts the visitor's conversation (the first send, where that is what starts it). */
  isStart(request: Request): boolean;
  /**
   * Whether starting a conversation twice (the first answer lost) still makes one: false where the
   * backend's create call takes no key to recognise a repeat (Genesys guest chat).
   */
  startIsIdempotent: boolean;
  /** Remembers the conversations that exist now: the reads below only look at newer ones. */
  mark(): void;
  /** How many conversations were created since `mark()`. */
  conversations(): number;
  /** The visitor's texts the server stored since `mark()`, in stored order, one per stored row (a duplicate counts twice). */
  visitorTexts(): string[];
  /** How many times a visitor stream (socket) was opened to the server so far. */
  streamsOpened(): number;
  /** Cuts the visitor's stream (socket) as a network failure would; HTTP keeps answering. */
  dropStream(): void;
  /** While true, the visitor's stream is cut and new ones are refused (HTTP keeps answering): no echo, no push. */
  refuseStream(refused: boolean): void;
  /** Stops the server (every connection closed, the port no longer listens); its storage is kept. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
}

/** One text per stored row, a row saved again under the same id counted once (PocketPing quirk §8.6). */
function textsById<T>(rows: T[], id: (row: T) => string, text: (row: T) => string): string[] {
  return [...new Map(rows.map((row) => [id(row), text(row)])).values()];
}

/** Ids of a list that were not there at the last mark. */
function markable(ids: () => string[]) {
  let known = new Set<string>();
  return {
    mark: () => void (known = new Set(ids())),
    fresh: () => ids().filter((id) => !known.has(id)),
  };
}

export function pocketpingBackend(server: () => PocketPingServer): ChaosBackend {
  const sessions = markable(() => server().sessions().map((session) => session.id));
  return {
    name: 'pocketping',
    page: '/script-tag.html',
    isSend: (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/pocketping/message',
    // `/connect` resumes the visitor's latest session when it does not know the one asked for.
    isStart: (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/pocketping/connect',
    startIsIdempotent: true,
    mark: sessions.mark,
    conversations: () => sessions.fresh().length,
    visitorTexts: () =>
      sessions.fresh().flatMap((id) =>
        textsById(
          server()
            .messages(id)
            .filter((message) => message.sender === 'visitor'),
          (message) => message.id,
          (message) => message.content,
        ),
      ),
    streamsOpened: () => server().streamRequests(),
    dropStream: () => server().dropSockets(),
    refuseStream(refused) {
      server().setWebSocketRefused(refused);
      if (refused) server().dropSockets();
    },
    down: () => server().stop(),
    up: () => server().restart(),
  };
}

export function genesysBackend(server: () => GenesysServer): ChaosBackend {
  const conversations = markable(() => server().conversations().map((conversation) => conversation.id));
  return {
    name: 'genesys',
    page: '/genesys.html',
    isSend: (request) => request.method() === 'POST' && /\/conversations\/[^/]+\/members\/[^/]+\/messages$/.test(new URL(request.url()).pathname),
    isStart: (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/webchat/guest/conversations'),
    startIsIdempotent: false,
    mark: conversations.mark,
    conversations: () => conversations.fresh().length,
    visitorTexts: () =>
      conversations.fresh().flatMap((id) =>
        textsById(
          server()
            .messages(id)
            .filter((message: { senderRole?: string; bodyType: string }) => message.senderRole === 'CUSTOMER' && message.bodyType === 'standard'),
          (message: { id: string }) => message.id,
          (message: { body: string }) => message.body,
        ),
      ),
    streamsOpened: () =>
      server()
        .conversations()
        .reduce((sum, conversation) => sum + conversation.attaches, 0),
    dropStream: () => server().dropSockets(),
    // A drop refuses new streams for its hold time; a drop with none accepts them again.
    refuseStream: (refused) => server().dropSockets(refused ? 10 * 60_000 : 0),
    down: () => server().down(),
    up: () => server().restart(),
  };
}

interface PingstreamsRow {
  _id: string;
  sender: string;
  text: string;
  attributes?: { subtype?: string };
}

export function pingstreamsBackend(server: () => PingstreamsServer): ChaosBackend {
  const requests = markable(() => server().requests().map((request) => String(request.request_id)));
  // Everything but the agents', the bots' and the system's messages is the visitor's.
  const byVisitor = (row: PingstreamsRow) => row.sender !== 'system' && !row.sender.startsWith('bot_') && !row.attributes?.subtype;
  return {
    name: 'pingstreams',
    page: '/pingstreams.html',
    isSend: (request) => request.method() === 'POST' && /\/requests\/[^/]+\/messages$/.test(new URL(request.url()).pathname),
    // The first message creates the request, under an id the widget chose: a repeat finds it.
    isStart: (request) => request.method() === 'POST' && /\/requests\/[^/]+\/messages$/.test(new URL(request.url()).pathname),
    startIsIdempotent: true,
    mark: requests.mark,
    conversations: () => requests.fresh().length,
    visitorTexts: () =>
      requests.fresh().flatMap((id) =>
        textsById(
          (server().messages(id) as PingstreamsRow[]).filter(byVisitor),
          (row) => row._id,
          (row) => row.text,
        ),
      ),
    streamsOpened: () => server().streamRequests(),
    dropStream: () => server().dropSockets(),
    refuseStream(refused) {
      server().setWebSocketRefused(refused);
      if (refused) server().dropSockets();
    },
    down: () => server().stop() as Promise<void>,
    up: () => server().restart(),
  };
}

/**
 * Starts the Genesys and Pingstreams servers next to the file's PocketPing one (useE2E) and points the
 * host pages at them; the three adapters, PocketPing first.
 */
export function useChaosBackends(e2e: E2E): ChaosBackend[] {
  let genesys: GenesysServer | undefined;
  let pingstreams: PingstreamsServer | undefined;
  beforeAll(async () => {
    [genesys, pingstreams] = await Promise.all([startGenesysServer({ port: 0 }), startPingstreamsServer({ port: 0 })]);
    Object.assign(e2e.web.vars, { GENESYS: genesys.apiUrl, PINGSTREAMS: pingstreams.apiUrl, PROJECT: pingstreams.projectId });
  });
  afterAll(async () => {
    await genesys?.stop();
    await pingstreams?.stop();
  });
  return [pocketpingBackend(() => e2e.pp), genesysBackend(() => genesys!), pingstreamsBackend(() => pingstreams!)];
}
