/**
 * The guest session (§2.2–2.7): a token generated once and kept in the SessionRef, configureSession
 * before anything else, resume with the same token, read-only → ended → a new conversation with a new
 * token (the read-only one closed), expiry, and the options.
 */
import { describe, expect, it } from 'vitest';
import { genesysMessaging } from '../../../src/transports/genesys-messaging/index';
import { nodeEnv, until } from '../../helpers/node-env';
import { messageWith, onlySession, open, startServer } from './setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('genesys-messaging: session', () => {
  it('starts a new conversation with a fresh uuid token, kept in the session, and goes live once configured', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    const result = await transport.connect({ visitorId: 'v1' });
    expect(result.resumed).toBe(false);
    expect(result.messages).toEqual([]);
    expect(String(result.session.token)).toMatch(UUID);
    expect(server.sessions().map((session) => session.token)).toEqual([result.session.token]);
    expect(heard.of('link')).toEqual(['live']);
  });

  it('resumes with the same token after a reload and loads the history, oldest first', async () => {
    const server = await startServer();
    const first = open(server);
    const { session } = await first.transport.connect({ visitorId: 'v1' });
    await first.transport.send({ clientId: 'c1', text: 'hello' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.say(id, 'Hi, Sam here');
    await messageWith(first.heard, 'Hi, Sam here');
    first.transport.disconnect();

    const reload = open(server);
    const resumed = await reload.transport.connect({ visitorId: 'v1', session });
    expect(resumed.resumed).toBe(true);
    expect(resumed.session).toEqual(session);
    expect(resumed.messages.map((message) => `${message.sender}${message.notice ? ' ' + message.notice : ''}: ${message.text}`)).toEqual([
      'visitor: hello',
      'system joined: Sam joined the chat',
      'agent: Hi, Sam here',
    ]);
    expect(server.sessions()).toHaveLength(1);
  });

  it('ends a read-only conversation, and the next one (no session) has a new token while the read-only one is closed', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    const { session } = await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.disconnect(id);
    await until(() => heard.of('ended').length, 5000, 'ended');
    expect(heard.of('ended')).toEqual([{ reason: 'read-only' }]);
    expect(heard.of('message').at(-1)).toMatchObject({ sender: 'system', notice: 'left', senderName: 'Sam' });
    await expect(transport.send({ clientId: 'c1', text: 'still there?' })).rejects.toMatchObject({ code: 'ended' });
    transport.disconnect();

    // "New chat": the core connects without the session.
    const next = await transport.connect({ visitorId: 'v1' });
    expect(next.resumed).toBe(false);
    expect(next.session.token).not.toEqual(session.token);
    await until(() => server.sessions()[0]?.closed, 5000, 'the read-only session closed');
    await transport.send({ clientId: 'c2', text: 'a new question' });
    expect(server.messages(String(next.session.token)).map((message: { text?: string }) => message.text)).toEqual(['a new question']);
  });

  it('reports a read-only conversation found on reload as ended after handing over its history', async () => {
    const server = await startServer();
    const first = open(server);
    const { session } = await first.transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.say(id, 'Bye now', true);
    server.agent.disconnect(id);
    await until(() => first.heard.of('ended').length, 5000, 'ended');
    first.transport.disconnect();

    const reload = open(server);
    const resumed = await reload.transport.connect({ visitorId: 'v1', session });
    expect(resumed.messages.map((message) => message.text)).toEqual(['Bye now', 'Agent left the chat']);
    await until(() => reload.heard.of('ended').length, 5000, 'ended');
  });

  it('ends the conversation when the session expires (SessionExpiredEvent), and a send gets `ended`', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.expire(id);
    await until(() => heard.of('ended').length, 5000, 'ended');
    expect(heard.of('ended')).toEqual([{ reason: 'expired' }]);
    await expect(transport.send({ clientId: 'c1', text: 'hello?' })).rejects.toMatchObject({ code: 'ended', status: 4006 });
  });

  it("ends an idle visitor's conversation when the keep-alive echo finds the session expired", async () => {
    const server = await startServer({ settings: { durationSeconds: 1 } });
    const { transport, heard } = open(server, { keepAliveMs: 300 });
    await transport.connect({ visitorId: 'v1' });
    // Nothing is sent: the echo every 300 ms is the first request after the expiry, and its answer tells.
    await until(() => heard.of('ended').length, 5000, 'ended');
    expect(heard.of('ended')).toEqual([{ reason: 'expired' }]);
  });

  it('ends the conversation when another device closes it (ConnectionClosedEvent)', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    const { session } = await transport.connect({ visitorId: 'v1' });
    // What every other socket of the token gets after a closeSession or a clear (§2.5, §2.6).
    server.sendRaw(String(session.token), JSON.stringify({ type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} }));
    await until(() => heard.of('ended').length, 5000, 'ended');
    expect(heard.of('ended')).toEqual([{ reason: 'closed' }]);
  });
});

describe('genesys-messaging: options', () => {
  it('derives the socket and REST URLs from the region domain', async () => {
    const spec = genesysMessaging({ deploymentId: 'dep-1', environment: 'mypurecloud.ie' });
    expect(spec.backend).toBe('genesys-messaging');
    expect(spec.scope).toBe('https://api.mypurecloud.ie|dep-1');
    const urls: string[] = [];
    const env = nodeEnv({
      WebSocket: class {
        static CONNECTING = 0;
        static OPEN = 1;
        static CLOSING = 2;
        static CLOSED = 3;
        constructor(url: string) {
          urls.push(url);
          throw new Error('offline');
        }
      } as never,
    });
    const transport = spec.create(env);
    const connecting = transport.connect({ visitorId: 'v1' }).catch((error: unknown) => error);
    await until(() => urls.length, 5000, 'a socket attempt');
    transport.disconnect();
    await connecting;
    expect(urls[0]).toBe('wss://webmessaging.mypurecloud.ie/v1?deploymentId=dep-1');
  });

  it.each([
    [{}, 'deploymentId'],
    [{ deploymentId: 'd', wsUrl: 'http://x' }, 'wsUrl'],
    [{ deploymentId: 'd', apiUrl: 'not a url' }, 'apiUrl'],
    [{ deploymentId: 'd', environment: 'my purecloud' }, 'environment'],
  ])('refuses bad options with a config error naming the key (%j)', (options, key) => {
    const spec = genesysMessaging(options as never);
    expect(() => spec.create(nodeEnv())).toThrow(expect.objectContaining({ code: 'config', key }));
  });
});
