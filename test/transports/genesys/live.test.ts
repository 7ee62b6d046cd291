import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/transport';
import { realClock, sleep, until } from '../../helpers/node-env';
import { expectNoJwt, harness, memberOf, messageWith, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const typingPosts = () => h.srv.requests().filter((r) => r.url.endsWith('/typing')).length;

describe('genesys: typing', () => {
  it('shows the agent typing with the agent name', async () => {
    const { rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    h.srv.agent.typing(id);
    const ev = await until(() => rec.of('typing')[0], 3000, 'typing');
    expect(ev).toEqual({ sender: 'agent', typing: true, name: 'Alex' });
  });

  it('clears the agent typing about four seconds after the last typing event', async () => {
    // The real clock, except that 4-second timers wait for the test to fire them.
    const held: (() => void)[] = [];
    const clock: Clock = {
      ...realClock,
      setTimeout: (fn, ms) => (ms === 4000 ? held.push(fn) : realClock.setTimeout(fn, ms)),
      clearTimeout: (h) => (typeof h === 'number' ? (held[h - 1] = () => {}) : realClock.clearTimeout(h)),
    };
    const { t, rec } = h.open({}, { clock });
    const id = String((await t.connect({ visitorId: 'v1' })).session.id);
    h.srv.agent.join(id, { name: 'Alex' });
    h.srv.agent.typing(id);
    h.srv.agent.typing(id);
    await until(() => rec.of('typing').length === 2 && held.length === 2, 3000, 'two typing events');
    held.forEach((fire) => fire());
    // Only the timer of the latest typing event counts.
    expect(rec.of('typing')).toEqual([
      { sender: 'agent', typing: true, name: 'Alex' },
      { sender: 'agent', typing: true, name: 'Alex' },
      { sender: 'agent', typing: false, name: 'Alex' },
    ]);
  });

  it('tells the agent the visitor is typing, ignores its echo, and sends nothing for a stop', async () => {
    const { t, rec } = await h.start();
    await t.setTyping!(true);
    expect(typingPosts()).toBe(1);
    await t.setTyping!(false);
    expect(typingPosts()).toBe(1);
    // The echo of our own typing arrives on the stream; it is not news.
    await t.send({ clientId: 'c1', text: 'after typing' });
    await messageWith(rec, 'after typing');
    expect(rec.of('typing')).toEqual([]);
  });
});

describe('genesys: who joins and leaves', () => {
  it('announces the agent joining, a transfer, and leaving; names each agent on their messages', async () => {
    const { rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    h.srv.agent.say(id, 'I will pass you to billing');
    h.srv.agent.transfer(id, 'Sam');
    h.srv.agent.say(id, 'Billing here');
    h.srv.agent.leave(id);
    await messageWith(rec, 'Sam left the chat');
    expect(rec.of('message').map((m) => `${m.sender}${m.notice ? ` ${m.notice}` : ''}${m.senderName ? ` (${m.senderName})` : ''}: ${m.text}`)).toEqual([
      'system joined (Alex): Alex joined the chat',
      'agent (Alex): I will pass you to billing',
      'system left (Alex): Alex left the chat',
      'system transferred (Sam): Transferred to Sam',
      'agent (Sam): Billing here',
      'system left (Sam): Sam left the chat',
    ]);
    // Notices are the server's member-join/leave messages: same ids, so a backfill de-duplicates them.
    const ids = h.srv.messages(id).filter((m) => m.bodyType !== 'standard' && m.senderRole === 'AGENT').map((m) => m.id);
    expect(rec.of('message').filter((m) => m.sender === 'system').map((m) => m.id)).toEqual(ids);
    // Agents leaving does not end the chat by itself (the guest is still CONNECTED).
    expect(rec.of('ended')).toEqual([]);
  });

  it('names an agent whose display name is not text "An agent"', async () => {
    const { rec, id } = await h.start();
    h.srv.agent.join(id, { name: { html: '<b>Alex</b>' } as never });
    h.srv.agent.say(id, 'Hello');
    const hello = await messageWith(rec, 'Hello');
    expect(rec.of('message').map((m) => m.text)).toEqual(['An agent joined the chat', 'Hello']);
    expect(hello).toMatchObject({ sender: 'agent' });
    expect(hello.senderName).toBeUndefined();
  });

  it('looks each member up once', async () => {
    const { rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    for (let i = 0; i < 5; i++) h.srv.agent.say(id, `m${i}`);
    await messageWith(rec, 'm4');
    const lookups = h.srv.requests().filter((r) => r.method === 'GET' && /\/members\/[^/]+$/.test(r.url));
    expect(lookups).toHaveLength(1);
  });
});

describe('genesys: the end of the chat', () => {
  it('reports the end once when the agent closes the chat, and refuses to send afterwards', async () => {
    const { t, rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    h.srv.agent.say(id, 'Bye now');
    await messageWith(rec, 'Bye now');
    h.srv.agent.end(id);
    await until(() => rec.of('ended').length, 3000, 'ended');
    await sleep(50);
    expect(rec.of('ended')).toEqual([{}]);
    expect(rec.of('message').map((m) => m.text)).toEqual(['Alex joined the chat', 'Bye now', 'Alex left the chat']);
    // The stream is closed: nothing to reconnect to.
    await until(() => h.srv.conversations()[0].sockets === 0, 3000, 'socket closed');
    await expect(t.send({ clientId: 'c1', text: 'late' })).rejects.toMatchObject({ code: 'ended' });
  });

  it('learns of an end it missed from the next call, as an ended error', async () => {
    const { t, rec, id } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    await messageWith(rec, 'Alex joined the chat');
    h.srv.dropSockets(60_000);
    await until(() => rec.of('link').includes('down'), 3000, 'down');
    h.srv.agent.end(id);
    await expect(t.send({ clientId: 'c1', text: 'anyone?' })).rejects.toMatchObject({ code: 'ended' });
    expect(rec.of('ended')).toEqual([{}]);
  });

  it('leaves with DELETE member when the visitor ends it, without an ended event', async () => {
    const { t, rec, id, r } = await h.start();
    h.srv.agent.join(id, { name: 'Alex' });
    await t.end!();
    const del = h.srv.requests().filter((q) => q.method === 'DELETE');
    expect(del.map((q) => q.url)).toEqual([`/api/v2/webchat/guest/conversations/${id}/members/${memberOf(r)}`]);
    expect(h.srv.conversations()[0]).toMatchObject({ ended: true, guest: { state: 'DISCONNECTED' } });
    await until(() => h.srv.conversations()[0].sockets === 0, 3000, 'socket closed');
    expect(rec.of('ended')).toEqual([]);
    // Ending twice is harmless.
    await t.end!();
    expect(h.srv.requests().filter((q) => q.method === 'DELETE')).toHaveLength(1);
    expectNoJwt(h);
  });
});
