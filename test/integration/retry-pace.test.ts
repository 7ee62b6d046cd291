/**
 * Backoff that always backs off, against the real PocketPing server: while the server answers
 * every send and catch-up with a 500, the widget's requests stay under a stated ceiling (counted on
 * the server), the message ends `failed` with one `error` event, and `retry()` delivers it, once,
 * after the server is healthy again. Retry timings are injected short (50 ms doubling, 400 ms cap)
 * so the test is fast; the counts are the same at the default pace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { createChat } from '../../src/core/chat';
import type { ParleyError } from '../../src/core/errors';
import type { Chat } from '../../src/core/model';
import { MAX_ATTEMPTS } from '../../src/core/outbox';
import { memoryStore } from '../../src/storage/memory-store';
import { pocketping } from '../../src/transports/pocketping/index';
import { NodeWS, realClock, sleep, until } from '../helpers/node-env';

const fast = { minDelay: 20, maxDelay: 150, stallMs: 2000, stallAttempts: 3, connectTimeout: 4000 };

let srv: PocketPingServer | undefined;
const chats: Chat[] = [];

afterEach(async () => {
  for (const chat of chats.splice(0)) chat.destroy();
  await srv?.stop();
  srv = undefined;
});

/** Makes the server fail `POST /message` and `GET /messages` with a 500 while `failing()` says so, counting those requests. */
function breakServer(server: PocketPingServer, failing: () => boolean) {
  const counts = { sends: 0, fetches: 0 };
  const handleMessage = server.pp.handleMessage.bind(server.pp);
  const handleGetMessages = server.pp.handleGetMessages.bind(server.pp);
  server.pp.handleMessage = async (request: unknown) => {
    if (!failing()) return handleMessage(request);
    counts.sends++;
    throw new Error('service unavailable');
  };
  server.pp.handleGetMessages = async (request: unknown) => {
    if (!failing()) return handleGetMessages(request);
    counts.fetches++;
    throw new Error('service unavailable');
  };
  return counts;
}

async function connectedChat(endpoint: string) {
  const chat = createChat(
    pocketping({ endpoint, socket: fast }),
    { backend: 'pocketping', storage: 'memory', pollInterval: 50 },
    { store: memoryStore(), fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => 0.5, retry: { baseMs: 50, capMs: 400 } },
  );
  chats.push(chat);
  const errors: ParleyError[] = [];
  chat.on('error', (error) => errors.push(error));
  await chat.start();
  await until(() => srv!.pp.connections.has(srv!.sessions()[0].id), 5000, 'the stream');
  return { chat, errors };
}

const storedVisitorTexts = () => srv!.messages(srv!.sessions()[0].id).filter((m) => m.sender === 'visitor').map((m) => m.content);

describe('retries against a failing PocketPing server', () => {
  // The message's attempts (its first send, then catch-ups before any resend: the path that once
  // retried ~2 times a second for ever), and the catch-up the stream's first `live` asks for
  // (it gives up after 6 failures in a row).
  const CEILING = MAX_ATTEMPTS + 6;

  it(`stay under ${CEILING} requests, end failed with one error event, then retry() delivers once`, async () => {
    srv = await startPocketPingServer({});
    let failing = true;
    const counts = breakServer(srv, () => failing);
    const { chat, errors } = await connectedChat(srv.endpoint);

    const message = chat.send('hello');
    await until(() => chat.messages.value[0]?.status === 'failed', 8000, 'the message failed');
    expect(errors.map((error) => error.code)).toEqual(['http']);
    expect(chat.status.value).toBe('online'); // the socket stayed up all along
    await sleep(2500); // the server keeps failing: every retry has given up by now
    const requests = counts.sends + counts.fetches;
    await sleep(1500);
    expect(counts.sends + counts.fetches).toBe(requests); // nothing more is tried on its own
    expect(counts.sends).toBe(1); // a send whose answer is unknown is never repeated blindly
    expect(requests).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(requests).toBeLessThanOrEqual(CEILING);

    failing = false;
    chat.retry(message.clientId!);
    await until(() => chat.messages.value[0]?.status === 'sent', 5000, 'sent after retry()');
    await sleep(300);
    expect(storedVisitorTexts()).toEqual(['hello']);
    expect(errors).toHaveLength(1);
  });
});
