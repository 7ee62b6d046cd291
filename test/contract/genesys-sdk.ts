/**
 * The official Genesys guest chat SDK (purecloud-guest-chat-client 13.2.0, Node), typed as far as the
 * contract tests use it, and a per-file setup pointing fresh SDK clients at a local Genesys server.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startGenesysServer, type GenesysServer, type RecordedRequest } from '../../servers/genesys/index.js';
import { until } from '../helpers/node-env';

export interface ApiClient {
  config: { basePath: string };
  proxy: unknown;
  defaultHeaders: Record<string, string>;
  setJwt(jwt: string): void;
  setReturnExtendedResponses(on: boolean): void;
}
/** What the SDK resolves (or rejects) with after `setReturnExtendedResponses(true)`. */
export interface Extended {
  status: number;
  headers: Record<string, string>;
  body: any;
}
export interface WebChatApi {
  postWebchatGuestConversations(body: object): Promise<any>;
  postWebchatGuestConversationMemberMessages(conversationId: string, memberId: string, body: object): Promise<any>;
  postWebchatGuestConversationMemberTyping(conversationId: string, memberId: string): Promise<any>;
  getWebchatGuestConversationMessages(conversationId: string, opts?: object): Promise<any>;
  getWebchatGuestConversationMessage(conversationId: string, messageId: string): Promise<any>;
  getWebchatGuestConversationMembers(conversationId: string, opts?: object): Promise<any>;
  getWebchatGuestConversationMember(conversationId: string, memberId: string): Promise<any>;
  deleteWebchatGuestConversationMember(conversationId: string, memberId: string): Promise<any>;
  getWebchatGuestConversationMediarequests(conversationId: string): Promise<any>;
  getWebchatGuestConversationMediarequest(conversationId: string, id: string): Promise<any>;
  patchWebchatGuestConversationMediarequest(conversationId: string, id: string, body: object): Promise<any>;
}
const sdk = createRequire(import.meta.url)('purecloud-guest-chat-client') as {
  ApiClient: { constructor: new () => ApiClient };
  WebChatApi: new (client: ApiClient) => WebChatApi;
};

export const B = '/api/v2/webchat/guest/conversations';
/** The create body of the sheet's §12.2 example. */
export const CREATE = {
  organizationId: 'org-1',
  deploymentId: 'dep-1',
  routingTarget: { targetType: 'QUEUE', targetAddress: 'Chat Queue', skills: ['Billing'], language: 'English', priority: 5 },
  memberInfo: { displayName: 'Jane', avatarImageUrl: 'https://example.invalid/a.png', customFields: { ticket: '42' } },
};

export interface Chat {
  api: WebChatApi;
  client: ApiClient;
  id: string;
  jwt: string;
  memberId: string;
  eventStreamUri: string;
  frames: any[];
  ws?: WebSocket;
}

/** What the SDK rejects with: the parsed ErrorBody (or the whole extended response). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

// Every SDK Configuration fs.watchFile()s this path (§12.1); Node shares one watcher per path and
// warns past 10 listeners. Raise its limit rather than share ApiClients between tests.
const CONFIG_PATH = join(homedir(), '.genesyscloudjavascript-guest', 'config');
const noop = () => {};

/** Registers the file's hooks (server up, requests cleared before each test) and returns the helpers. */
export function useSdk() {
  let server: GenesysServer;
  const open: WebSocket[] = [];

  beforeAll(async () => {
    watchFile(CONFIG_PATH, { persistent: false }, noop).setMaxListeners(0);
    server = await startGenesysServer({ heartbeatMs: 60_000 });
  });
  afterAll(async () => {
    for (const ws of open) ws.terminate();
    await server.stop();
    unwatchFile(CONFIG_PATH, noop);
  });
  beforeEach(() => server.clearRequests());

  /** A fresh ApiClient pointed at the loopback server (§12.1); never the shared singleton. */
  function newClient() {
    const client = new sdk.ApiClient.constructor();
    // setEnvironment would force https://api.<env>; basePath is concatenated as is.
    client.config.basePath = server.apiUrl;
    client.proxy = false;
    return { client, api: new sdk.WebChatApi(client) };
  }

  async function attachStream(chat: Chat) {
    const ws = new WebSocket(chat.eventStreamUri);
    open.push(ws);
    ws.on('message', (d) => chat.frames.push(JSON.parse(String(d))));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    chat.ws = ws;
  }

  /** Creates a chat with the SDK, applies the §12.3 workaround and (by default) attaches the event stream. */
  async function newChat(attach = true): Promise<Chat> {
    const { client, api } = newClient();
    const created = await api.postWebchatGuestConversations(CREATE);
    client.defaultHeaders = {};
    client.setJwt(created.jwt);
    const chat: Chat = { api, client, id: created.id, jwt: created.jwt, memberId: created.member.id, eventStreamUri: created.eventStreamUri, frames: [] };
    if (attach) await attachStream(chat);
    return chat;
  }

  return {
    get server() {
      return server;
    },
    newClient,
    newChat,
    attachStream,
    /** The one request the server saw since the last `clearRequests()`, by method and path. */
    seen(method: string, path: string): RecordedRequest {
      const hits = server.requests().filter((r) => r.method === method && r.url.split('?')[0] === path);
      expect(hits, `${method} ${path}`).toHaveLength(1);
      return hits[0];
    },
    frameOf: (chat: Chat, pred: (f: any) => boolean, what: string) => until(() => chat.frames.find(pred), 2000, what),
  };
}
