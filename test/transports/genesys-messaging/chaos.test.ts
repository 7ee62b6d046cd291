/**
 * Through the real core (createChat): frames out of order, twice, or lost with the socket (§4, §9 item
 * 11): nothing lost, nothing shown twice, in `channel.time` order; resume after a reload; read-only →
 * "New chat"; a connect stopped meanwhile opens no socket.
 */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../src/storage/memory-store';
import { sleep, until } from '../../helpers/node-env';
import { holdAnswer, stopDuringConnect } from '../../helpers/stop-during-connect';
import { chatOn, fast, onlySession, open, startServer } from './setup';

const texts = (chat: ReturnType<typeof chatOn>) => chat.messages.value.map((message) => message.text);

describe('genesys-messaging through createChat: chaos', () => {
  it('reorders and duplicates frames without losing or repeating a message, in server time order', async () => {
    const server = await startServer();
    const chat = chatOn(server);
    await chat.start();
    chat.send('first');
    await until(() => chat.messages.value.find((message) => message.status === 'sent'), 5000, 'sent');
    const { id } = await onlySession(server);
    server.chaos(id, 'reorder');
    // A few ms apart: frames of the same millisecond keep their arrival order.
    server.agent.say(id, 'one', true);
    await sleep(5);
    server.agent.say(id, 'two', true);
    await sleep(5);
    server.chaos(id, 'duplicate');
    server.agent.say(id, 'three', true);
    await sleep(5);
    server.chaos(id, 'duplicate');
    chat.send('fourth');
    await until(() => texts(chat).length === 5 && chat.messages.value.every((message) => message.status !== 'sending'), 5000, 'five messages');
    await sleep(300);
    expect(texts(chat)).toEqual(['first', 'one', 'two', 'three', 'fourth']);
    expect(chat.messages.value.filter((message) => message.sender === 'visitor').map((message) => message.status)).toEqual(['sent', 'sent']);
  });

  it('catches up from history after the socket drops without a close frame: what was said meanwhile arrives once', async () => {
    const server = await startServer();
    const chat = chatOn(server);
    await chat.start();
    chat.send('before the drop');
    await until(() => chat.messages.value.find((message) => message.status === 'sent'), 5000, 'sent');
    const { id } = await onlySession(server);
    server.dropSockets(400);
    server.agent.say(id, 'said while you were away', true);
    chat.send('written while away');
    await until(() => texts(chat).includes('said while you were away') && chat.messages.value.every((message) => message.sender !== 'visitor' || message.status === 'sent'), 8000, 'caught up');
    await sleep(300);
    expect(texts(chat).sort()).toEqual(['before the drop', 'said while you were away', 'written while away'].sort());
    expect(server.messages(id).map((message: { text?: string }) => message.text).filter((text: string | undefined) => text === 'written while away')).toHaveLength(1);
  });

  it('resumes after a reload with the same token and shows each message once', async () => {
    const server = await startServer();
    const store = memoryStore();
    const first = chatOn(server, store);
    await first.start();
    first.send('hello');
    await until(() => first.messages.value.find((message) => message.status === 'sent'), 5000, 'sent');
    const { id, token } = await onlySession(server);
    server.agent.say(id, 'welcome back later', true);
    await until(() => texts(first).includes('welcome back later'), 5000, 'the answer');
    first.destroy();

    const reload = chatOn(server, store);
    await reload.start();
    await until(() => reload.status.value === 'online', 5000, 'online');
    expect(texts(reload)).toEqual(['hello', 'welcome back later']);
    expect(server.sessions().map((session) => session.token)).toEqual([token]);
  });

  it('shows a read-only conversation as ended; "New chat" starts another with a new token', async () => {
    const server = await startServer();
    const chat = chatOn(server);
    await chat.start();
    chat.send('hello');
    await until(() => chat.messages.value.find((message) => message.status === 'sent'), 5000, 'sent');
    const { id, token } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.disconnect(id);
    await until(() => chat.status.value === 'ended', 5000, 'ended');
    await chat.startNew();
    await until(() => chat.status.value === 'online', 5000, 'online again');
    chat.send('a new question');
    await until(() => chat.messages.value.find((message) => message.text === 'a new question' && message.status === 'sent'), 5000, 'sent');
    const sessions = server.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.token).not.toBe(token);
    expect(sessions[0]!.closed).toBe(true);
    expect(texts(chat)).toEqual(['a new question']);
  });
});

describe('genesys-messaging: a connect stopped by disconnect()', () => {
  it('while the socket is opening: settles, reports no link, opens no second socket', async () => {
    const server = await startServer();
    // No stall report within the test: the connect is still waiting for its socket when it is stopped.
    const { transport, heard } = open(server, { socket: { ...fast, stallAttempts: 1000, stallMs: 60_000 } });
    server.dropSockets(60_000); // the socket cannot open for now
    const connecting = transport.connect({ visitorId: 'v1' }).catch((error: unknown) => error);
    await sleep(100);
    transport.disconnect();
    expect(await connecting).toMatchObject({ code: 'network', message: 'genesys-messaging: disconnected' });
    server.dropSockets(0);
    await sleep(400);
    expect(heard.of('link')).toEqual([]);
    expect(server.sessions()).toEqual([]);
  });

  it('while the history of a resumed conversation loads: settles, reports no link after, closes the socket', async () => {
    const server = await startServer();
    const first = open(server);
    const { session } = await first.transport.connect({ visitorId: 'v1' });
    await first.transport.send({ clientId: 'c1', text: 'hello' });
    first.transport.disconnect();
    const hold = holdAnswer((url) => url.includes('/api/v2/webmessaging/messages'));
    const { transport } = open(server, {}, { fetch: hold.fetch });
    const { outcome, linksAfterStop } = await stopDuringConnect(transport, hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'genesys-messaging: disconnected' });
    expect(linksAfterStop).toEqual([]);
    await until(() => server.sessions()[0]?.sockets === 0, 5000, 'the socket closed on the server');
  });
});
