/**
 * Exactly-once against the real PocketPing server, with the visitor's clock ±10 min off: a send
 * whose HTTP answer is lost (the request reaches the server, the answer never reaches the widget)
 * is stored once, and the same text typed twice stays two messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { createChat } from '../../src/core/chat';
import type { Chat } from '../../src/core/model';
import type { Clock } from '../../src/core/transport';
import { memoryStore } from '../../src/storage/memory-store';
import { pocketping } from '../../src/transports/pocketping/index';
import { NodeWS, realClock, until } from '../helpers/node-env';

const fast = { minDelay: 20, maxDelay: 150, stallMs: 2000, stallAttempts: 3, connectTimeout: 4000 };
const MINUTE = 60_000;

let srv: PocketPingServer | undefined;
const chats: Chat[] = [];

afterEach(async () => {
  for (const chat of chats.splice(0)) chat.destroy();
  await srv?.stop();
  srv = undefined;
});

/** A fetch that performs every request, but throws instead of answering the first `POST /message`. */
function losingFirstSendAnswer(): typeof fetch {
  let lost = 0;
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (String(input).endsWith('/message') && init?.method === 'POST' && lost === 0) {
      lost++;
      await response.text();
      throw new TypeError('fetch failed: the answer was lost');
    }
    return response;
  };
}

function skewedChat(endpoint: string, skewMs: number) {
  const clock: Clock = { ...realClock, now: () => Date.now() + skewMs };
  const chat = createChat(
    pocketping({ endpoint, socket: fast }),
    { backend: 'pocketping', storage: 'memory', pollInterval: 150 },
    { store: memoryStore(), fetch: losingFirstSendAnswer(), WebSocket: NodeWS, clock, random: () => 0.1 },
  );
  chats.push(chat);
  return chat;
}

const stored = () => srv!.messages(srv!.sessions()[0].id).filter((m) => m.sender === 'visitor').map((m) => m.content);
const allSent = (chat: Chat) => chat.messages.value.every((m) => m.status !== 'sending');

describe('exactly once with a wrong visitor clock, on a real PocketPing server', () => {
  for (const skew of [10 * MINUTE, -10 * MINUTE]) {
    it(`stores a send whose answer was lost once, and the same text typed twice twice (clock ${skew > 0 ? '+' : '-'}10 min)`, async () => {
      srv = await startPocketPingServer({ welcomeMessage: 'Hello!' });
      const chat = skewedChat(srv.endpoint, skew);
      await chat.start();
      chat.send('ok');
      await until(() => allSent(chat) && chat.messages.value.length === 1, 8000, 'the first "ok" confirmed');
      chat.send('ok');
      await until(() => allSent(chat) && chat.messages.value.length === 2, 8000, 'the second "ok" confirmed');
      await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show by now
      expect(stored()).toEqual(['ok', 'ok']);
      expect(chat.messages.value.map((m) => m.status)).toEqual(['sent', 'sent']);
    });
  }
});
