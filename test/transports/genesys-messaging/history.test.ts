/**
 * REST history (§6): getJwt over the socket, pages newest first, a refreshed JWT on 401, older pages
 * for "load older" and the catch-up after an id.
 */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../src/storage/memory-store';
import { until } from '../../helpers/node-env';
import { chatOn, onlySession, open, startServer } from './setup';

/** A conversation of `count` bot messages `m1`…`mN`, and a transport resuming it. */
async function longConversation(count: number) {
  const server = await startServer();
  const first = open(server);
  const { session } = await first.transport.connect({ visitorId: 'v1' });
  const { id } = await onlySession(server);
  for (let index = 1; index <= count; index++) server.agent.say(id, 'm' + index, true);
  first.transport.disconnect();
  const reload = open(server);
  return { server, id, session, reload };
}

describe('genesys-messaging: history', () => {
  it('loads the newest 50 on resume, then older pages with fetchBefore until none are left', async () => {
    const { reload, session } = await longConversation(120);
    const resumed = await reload.transport.connect({ visitorId: 'v1', session });
    expect(resumed.messages.map((message) => message.text)).toEqual(Array.from({ length: 50 }, (_, index) => 'm' + (71 + index)));
    expect(resumed.hasMoreBefore).toBe(true);
    const older = await reload.transport.fetchBefore!(resumed.messages[0]!.id, 50);
    expect(older.messages.map((message) => message.text)).toEqual(Array.from({ length: 50 }, (_, index) => 'm' + (21 + index)));
    expect(older.hasMore).toBe(true);
    const oldest = await reload.transport.fetchBefore!(older.messages[0]!.id, 50);
    expect(oldest.messages.map((message) => message.text)).toEqual(Array.from({ length: 20 }, (_, index) => 'm' + (1 + index)));
    expect(oldest.hasMore).toBe(false);
  });

  it('returns everything after an id with fetchSince, across pages, oldest first', async () => {
    const { reload, session, server, id } = await longConversation(130);
    await reload.transport.connect({ visitorId: 'v1', session });
    const stored = server.messages(id);
    const since = await reload.transport.fetchSince(stored[4].id);
    expect(since.map((message) => message.text)).toEqual(Array.from({ length: 125 }, (_, index) => 'm' + (6 + index)));
    expect(await reload.transport.fetchSince(stored.at(-1)!.id)).toEqual([]);
    expect((await reload.transport.fetchSince(undefined)).length).toBe(130);
  });

  it('asks for a fresh JWT when history answers 401, and the JWT never reaches a log line or event', async () => {
    const { reload, session, server, id } = await longConversation(3);
    await reload.transport.connect({ visitorId: 'v1', session });
    server.agent.expireJwt(id);
    // The revoked JWTs of this session answer 401; a fresh one is asked for, and it is refused as well.
    await expect(reload.transport.fetchSince(undefined)).rejects.toMatchObject({ code: 'auth', status: 401 });
    server.agent.find(id).jwtRevoked = false;
    expect((await reload.transport.fetchSince(undefined)).map((message) => message.text)).toEqual(['m1', 'm2', 'm3']);
    const said = JSON.stringify([reload.env.logs, reload.heard.all]);
    expect(said).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('asks one fresh JWT for history requests that got a 401 at the same time', async () => {
    const { reload, session, server, id } = await longConversation(3);
    await reload.transport.connect({ visitorId: 'v1', session });
    expect(server.sessions()[0]!.jwtsIssued).toBe(1);
    server.agent.expireIssuedJwts(id);
    const answers = await Promise.all([reload.transport.fetchSince(undefined), reload.transport.fetchSince(undefined), reload.transport.fetchSince(undefined)]);
    expect(answers.map((messages) => messages.map((message) => message.text))).toEqual([['m1', 'm2', 'm3'], ['m1', 'm2', 'm3'], ['m1', 'm2', 'm3']]);
    expect(server.sessions()[0]!.jwtsIssued).toBe(2);
  });

  it('catches up after a drop although the JWT expired meanwhile: one 401, a fresh getJwt, and the missed message shows', async () => {
    const server = await startServer();
    const store = memoryStore();
    const first = chatOn(server, store);
    await first.start();
    first.send('hello');
    const { id } = await onlySession(server);
    await until(() => server.messages(id).length, 5000, 'hello stored');
    first.destroy();
    // A reload resumes the conversation: its history is read with a JWT the transport keeps.
    const chat = chatOn(server, store);
    await chat.start();
    await until(() => chat.status.value === 'online', 5000, 'online');
    expect(chat.messages.value.map((message) => message.text)).toEqual(['hello']);
    expect(server.sessions()[0]!.jwtsIssued).toBe(1);

    server.agent.expireIssuedJwts(id);
    server.dropSockets(400);
    server.agent.say(id, 'sent while you were away', true);
    await until(() => chat.messages.value.some((message) => message.text === 'sent while you were away'), 8000, 'the missed message');
    expect(chat.messages.value.map((message) => message.text)).toEqual(['hello', 'sent while you were away']);
    expect(server.sessions()[0]!.jwtsIssued).toBe(2);
  });
});
