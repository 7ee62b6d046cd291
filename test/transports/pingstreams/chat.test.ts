/**
 * The Pingstreams transport under the real core (createChat) against the local server: what a
 * visitor sees when the socket drops, when it is refused, and when the agent closes the chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../../servers/pingstreams/index.js';
import { createChat } from '../../../src/core/chat';
import type { Chat } from '../../../src/core/model';
import { pingstreams } from '../../../src/transports/pingstreams/index';
import { NodeWS, realClock, until } from '../../helpers/node-env';
import { fast } from './setup';

let srv: PingstreamsServer;
let chat: Chat | undefined;
afterEach(async () => {
  chat?.destroy();
  chat = undefined;
  await srv.stop();
});

async function startChat() {
  const spec = pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500 });
  chat = createChat(spec, { storage: 'memory', pollInterval: 100 }, {
    fetch: globalThis.fetch,
    WebSocket: NodeWS,
    clock: realClock,
    page: { url: 'http://127.0.0.1/shop', userAgent: 'parley-test' },
    log: () => {},
  });
  await chat.start();
  const c = chat;
  c.send('hello');
  await until(() => c.messages.value.find((m) => m.text === 'hello' && m.status === 'sent'), 3000, 'sent');
  await until(() => srv.requests().length === 1, 3000, 'request');
  return { c, rid: srv.requests()[0].request_id as string };
}
const texts = (c: Chat) => c.messages.value.map((m) => `${m.sender}:${m.text}`);

describe('pingstreams with the core chat', () => {
  it('shows what the agent said while the socket was down once it is back', async () => {
    srv = await startPingstreamsServer();
    const { c, rid } = await startChat();
    await until(() => c.status.value === 'online', 3000, 'online');
    srv.agent.say(rid, 'first answer');
    await until(() => texts(c).includes('agent:first answer'), 3000, 'live answer');
    await srv.stop();
    await until(() => c.status.value === 'reconnecting', 3000, 'reconnecting');
    await srv.restart();
    srv.agent.say(rid, 'said during the outage');
    await until(() => texts(c).includes('agent:said during the outage'), 4000, 'caught up');
    expect(texts(c)).toEqual(['visitor:hello', 'agent:first answer', 'agent:said during the outage']);
    expect(c.status.value).toBe('online');
  });

  it('keeps the conversation going by polling when the WebSocket is refused', async () => {
    srv = await startPingstreamsServer();
    srv.setWebSocketRefused(true);
    const { c, rid } = await startChat();
    srv.agent.say(rid, 'answer by polling');
    await until(() => texts(c).includes('agent:answer by polling'), 4000, 'polled answer');
    expect(c.status.value).toBe('online');
    expect(c.messages.value.filter((m) => m.text === 'hello')).toHaveLength(1);
  });

  it('ends the chat and asks for a rating when the agent closes it', async () => {
    srv = await startPingstreamsServer();
    const { c, rid } = await startChat();
    await until(() => c.status.value === 'online', 3000, 'online');
    srv.agent.close(rid);
    await until(() => c.status.value === 'ended', 3000, 'ended');
    expect(c.csat.value).toBe('requested');
    await c.submitCsat(5, 'thanks');
    expect(srv.requests()[0]).toMatchObject({ rating: 5, rating_message: 'thanks' });
  });
});
