/**
 * A site's token endpoint on loopback (the contract of src/auth/token-provider.ts): it hands out tokens
 * for whoever is signed in on the "site" right now (`user`), records every grant, and can be made to fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChat } from '../../src/core/chat';
import type { Chat } from '../../src/core/model';
import { memoryStore } from '../../src/storage/memory-store';
import type { TransportSpec } from '../../src/core/transport';
import { NodeWS, realClock } from '../helpers/node-env';

export interface TokenSite {
  tokenUrl: string;
  /** Grants received, oldest first (`grant_type`, `refresh_token`). */
  grants: Record<string, string>[];
  /** Access tokens handed out, oldest first. */
  issued: string[];
  /** The site's signed-in user: new tokens are theirs. */
  user: string;
  /** Status to answer instead of a token (0: answer normally). */
  failWith: number;
  /** Makes the access token for `user` (default `tok-<user>-<n>`). */
  mint: (user: string, n: number) => string;
  close(): Promise<void>;
}

export async function startTokenSite(): Promise<TokenSite> {
  const site: TokenSite = {
    tokenUrl: '',
    grants: [],
    issued: [],
    user: 'alice',
    failWith: 0,
    mint: (user, n) => `tok-${user}-${n}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      site.grants.push(Object.fromEntries(new URLSearchParams(raw)));
      if (site.failWith) return void res.writeHead(site.failWith).end();
      const n = site.issued.length + 1;
      const token = site.mint(site.user, n);
      site.issued.push(token);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 600, refresh_token: `rt-${site.user}-${n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  site.tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley/token`;
  return site;
}

/** A chat over `spec` on the real network, in memory, fast polling; `logs` and `errors` collect what it said. */
export function chatOver(spec: TransportSpec, backend: string) {
  const logs: string[] = [];
  const errors: unknown[] = [];
  const chat: Chat = createChat(
    spec,
    { backend, storage: 'memory', pollInterval: 150 },
    { store: memoryStore(), fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => 0.1, log: (_l, m, d) => logs.push(m, JSON.stringify(d) ?? '') },
  );
  chat.on('error', (e) => errors.push(e));
  /** Everything the chat said: log lines and details, errors (message, stack, cause), the status error. */
  const said = () =>
    [...logs, ...[...errors, chat.error.value].flatMap((e) => (e instanceof Error ? [e.message, String(e.stack), String(e.cause)] : [JSON.stringify(e) ?? '']))].join('\n');
  return { chat, logs, errors, said };
}

export const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };
