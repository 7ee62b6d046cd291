// The agent side of the local Web Messaging server through its /test control API (what the operator
// console and the e2e tests use): the Outbound frames of protocols/genesys-webmessaging.md §4 and §2.4.
import { describe, expect, it } from 'vitest';
import { configured, control, start, text } from './fixture';

const ISO_TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('genesys-messaging server: the agent control API', () => {
  it('lists sessions with the visitor custom attributes and a last-message preview', async () => {
    const server = await start();
    const guest = await configured(server);
    await guest.request('onMessage', text('Where is my order?', { channel: { metadata: { customAttributes: { firstName: 'Ada' } } } }));
    const list = await control(server, '/sessions');
    expect(list.body).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        token: guest.token,
        deploymentId: server.deploymentId,
        readOnly: false,
        expired: false,
        sockets: 1,
        agent: null,
        customAttributes: { firstName: 'Ada' },
        messageCount: 1,
        lastMessage: { text: 'Where is my order?', direction: 'Inbound', time: ISO_TIME },
      }),
    ]);
  });

  it('an agent joins (Outbound Presence Join), types and writes as Human with nickname and avatar', async () => {
    const server = await start();
    const guest = await configured(server);
    const { id } = (await control(server, '/sessions')).body[0];
    expect((await control(server, `/sessions/${id}/join`, { nickname: 'Sam', image: 'https://example.com/sam.png', firstName: 'Sam', lastName: 'Lee' })).status).toBe(200);
    await control(server, `/sessions/${id}/typing`, {});
    await control(server, `/sessions/${id}/say`, { text: 'Hi, Sam here.' });
    await guest.next((frame) => frame.body.text === 'Hi, Sam here.');
    const [join, typing, said] = guest.frames.slice(1);
    const from = { nickname: 'Sam', image: 'https://example.com/sam.png', firstName: 'Sam', lastName: 'Lee' };
    expect(join).toEqual({
      type: 'message',
      class: 'StructuredMessage',
      code: 200,
      body: {
        type: 'Event',
        direction: 'Outbound',
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        channel: { time: ISO_TIME, type: 'Private', from, to: {} },
        events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
        metadata: { correlationId: expect.any(String) },
        originatingEntity: 'Human',
      },
    });
    expect(typing.body).toMatchObject({ type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }] });
    expect(said.body).toMatchObject({ type: 'Text', direction: 'Outbound', text: 'Hi, Sam here.', originatingEntity: 'Human', channel: { type: 'Private', from } });
    // History keeps the join and the text, not the typing.
    expect((await control(server, `/sessions/${id}/messages`)).body.map((message: any) => message.type)).toEqual(['Event', 'Text']);
  });

  it('sends quick replies as Structured QuickReply content', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/quickreplies`, { bot: true, text: 'Pick one', replies: [{ text: 'Yes', payload: 'yes' }, { text: 'No' }] });
    const frame = await guest.next((each) => each.body.type === 'Structured');
    expect(frame.body).toMatchObject({
      type: 'Structured',
      direction: 'Outbound',
      text: 'Pick one',
      originatingEntity: 'Bot',
      channel: { type: 'Private', from: { nickname: 'Bot' } },
      content: [
        { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'yes', action: 'Message' } },
        { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'No', action: 'Message' } },
      ],
    });
  });

  it('sends one card as Card and several as Carousel', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/join`, { nickname: 'Sam' });
    const card = { title: 'City bike', description: 'Light and fast', image: 'https://example.com/bike.png', actions: [{ type: 'Postback', text: 'Pick', payload: 'p1' }, { type: 'Link', text: 'Site', url: 'https://example.com' }] };
    await control(server, `/sessions/${guest.token}/cards`, { cards: [card] });
    await control(server, `/sessions/${guest.token}/cards`, { text: 'Our bikes', cards: [card, { ...card, title: 'Road bike' }] });
    await guest.next((frame) => frame.body.content?.[0]?.contentType === 'Carousel');
    const structured = guest.frames.filter((frame) => frame.body.type === 'Structured');
    expect(structured[0].body.content).toEqual([{ contentType: 'Card', card }]);
    expect(structured[1].body).toMatchObject({ text: 'Our bikes', content: [{ contentType: 'Carousel', carousel: { cards: [card, { ...card, title: 'Road bike' }] } }] });
  });

  it('disconnect pushes Presence Disconnect with metadata.readOnly "true"; the session is read-only from then on', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/join`, { nickname: 'Sam' });
    await control(server, `/sessions/${guest.token}/disconnect`, {});
    const frame = await guest.next((each) => each.body.events?.[0]?.presence?.type === 'Disconnect');
    expect(frame.body).toMatchObject({ type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' }, channel: { from: { nickname: 'Sam' } } });
    expect((await guest.request('onMessage', text('hello?'))).code).toBe(409);
    const again = await configured(server, guest.token);
    expect(again.session).toMatchObject({ newSession: false, readOnly: true });
    expect((await control(server, `/sessions/${guest.token}/say`, { text: 'x' })).status).toBe(409);
  });

  it('a Send-type disconnect only shows the status: no readOnly metadata, sending still allowed', async () => {
    const server = await start({ settings: { disconnectType: 'Send' } });
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/disconnect`, {});
    const frame = await guest.next((each) => each.body.events?.[0]?.presence?.type === 'Disconnect');
    expect(frame.body.metadata).toEqual({ correlationId: expect.any(String) });
    expect((await guest.request('onMessage', text('hello?'))).class).toBe('StructuredMessage');
  });

  it('refuses what cannot be done: unknown session 404, no agent yet 409, bad bodies 400, unknown route 404', async () => {
    const server = await start();
    const guest = await configured(server);
    expect((await control(server, '/sessions/nope/say', { text: 'x' })).status).toBe(404);
    expect((await control(server, `/sessions/${guest.token}/say`, { text: 'x' })).status).toBe(409);
    expect((await control(server, `/sessions/${guest.token}/say`, { bot: true })).status).toBe(400);
    expect((await control(server, `/sessions/${guest.token}/chaos`, { kind: 'fire' })).status).toBe(400);
    expect((await control(server, '/nothing-here')).status).toBe(404);
  });

  it('a scripted bot types and greets after the first message', async () => {
    const server = await start({ bot: { nickname: 'Robin', greeting: 'Hi! How can I help?', delayMs: 40 } });
    const guest = await configured(server);
    await guest.request('onMessage', text('Hello'));
    const greeting = await guest.next((frame) => frame.body.text === 'Hi! How can I help?');
    expect(greeting.body).toMatchObject({ direction: 'Outbound', originatingEntity: 'Bot', channel: { from: { nickname: 'Robin' } } });
    expect(guest.frames.some((frame) => frame.body.events?.[0]?.eventType === 'Typing')).toBe(true);
  });

  it('rate limit and settings are set over HTTP too', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, '/ratelimit', { maxMessages: 1, windowSec: 5 });
    await guest.request('onMessage', text('one'));
    expect((await guest.request('onMessage', text('two'))).code).toBe(429);
    expect((await control(server, '/settings', { maxCustomDataBytes: 10 })).status).toBe(200);
    expect((await configured(server)).session.maxCustomDataBytes).toBe(10);
  });

  it('an agent file over HTTP (base64) reaches the guest', async () => {
    const server = await start();
    const guest = await configured(server);
    await control(server, `/sessions/${guest.token}/join`, { nickname: 'Sam' });
    const reply = await control(server, `/sessions/${guest.token}/attachment`, { fileName: 'note.txt', fileType: 'text/plain', base64: Buffer.from('hello').toString('base64') });
    expect(reply.status).toBe(200);
    const frame = await guest.next((each) => each.body.content?.[0]?.contentType === 'Attachment');
    expect(await (await fetch(frame.body.content[0].attachment.url)).text()).toBe('hello');
  });
});
