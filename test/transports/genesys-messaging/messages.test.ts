/**
 * Messages both ways (§3, §4): the visitor's text and its echo, agent and bot messages, typing both
 * ways, presence notices, quick replies answered with a ButtonResponse, cards, agent attachments, and
 * the keep-alive echo that is never shown.
 */
import { describe, expect, it } from 'vitest';
import { sleep, until } from '../../helpers/node-env';
import { configured } from '../../servers/genesys-messaging/fixture';
import { memoryStore } from '../../../src/storage/memory-store';
import { chatOn, messageWith, onlySession, open, startServer } from './setup';

describe('genesys-messaging: messages', () => {
  it("sends text and resolves with the echo's id and time; the echo carries the send's clientId", async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const sent = await transport.send({ clientId: 'c1', text: 'Where is my order?' });
    const stored = server.messages(server.sessions()[0]!.id);
    expect(stored.map((message: { id: string; text?: string }) => [message.id, message.text])).toEqual([[sent.id, 'Where is my order?']]);
    expect(sent.createdAt).toBe(stored[0].channel.time);
    const echo = await messageWith(heard, 'Where is my order?');
    expect(echo).toMatchObject({ id: sent.id, clientId: 'c1', sender: 'visitor', status: 'sent' });
  });

  it('shows agent messages with the nickname, bot messages as bot, and joins and leaves as notices', async () => {
    const server = await startServer({ bot: { nickname: 'Helper', greeting: 'Hello from the bot', delayMs: 50 } });
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    await transport.send({ clientId: 'c1', text: 'hi' });
    await messageWith(heard, 'Hello from the bot');
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam', image: 'https://example.com/sam.png' });
    server.agent.say(id, 'Sam here');
    await messageWith(heard, 'Sam here');
    expect(heard.of('message').map((message) => [message.sender, message.senderName, message.notice, message.text])).toEqual([
      ['visitor', undefined, undefined, 'hi'],
      ['bot', 'Helper', undefined, 'Hello from the bot'],
      ['system', 'Sam', 'joined', 'Sam joined the chat'],
      ['agent', 'Sam', undefined, 'Sam here'],
    ]);
    // The agent's avatar rides on its messages (http(s) only); the bot has none.
    expect(heard.of('message').map((message) => message.senderAvatar)).toEqual([undefined, undefined, undefined, 'https://example.com/sam.png']);
  });

  it('shows the agent typing until its duration passes, and tells the agent the visitor types at most every 5 s', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.typing(id);
    await until(() => heard.of('typing').length, 5000, 'typing');
    expect(heard.of('typing')).toEqual([{ sender: 'agent', typing: true, name: 'Sam' }]);

    // Another socket of the same token sees what the visitor sends (pushes fan out to every socket, §4).
    const session = server.sessions()[0]!;
    const watcher = await configured(server, session.token);
    await transport.setTyping!(true);
    await transport.setTyping!(true);
    await transport.setTyping!(false);
    await sleep(200);
    const typingFrames = watcher.frames.filter((frame) => frame.body?.events?.[0]?.eventType === 'Typing');
    expect(typingFrames.map((frame) => frame.body.events[0].typing.type)).toEqual(['On']);
    // The visitor's own typing echo is never shown.
    expect(heard.of('typing')).toHaveLength(1);
  });

  it('reports a deployment without the user typing indicator as forbidden (403)', async () => {
    const server = await startServer({ settings: { showUserTypingIndicator: false } });
    const { transport } = open(server);
    await transport.connect({ visitorId: 'v1' });
    await expect(transport.setTyping!(true)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('offers quick replies as buttons, and answers one with a ButtonResponse carrying its payload', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.quickReplies(id, 'Pick one', [{ text: 'Yes', payload: 'yes' }, { text: 'No', payload: 'no' }], true);
    const offer = await messageWith(heard, 'Pick one');
    expect(offer.buttons).toEqual([
      { kind: 'reply', label: 'Yes', value: 'yes' },
      { kind: 'reply', label: 'No', value: 'no' },
    ]);
    const sent = await transport.send({ clientId: 'c1', text: 'Yes' });
    const stored = server.messages(id).find((message: { id: string }) => message.id === sent.id);
    expect(stored).toMatchObject({ type: 'Structured', text: 'Yes', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'yes', type: 'QuickReply' } }] });
  });

  it('shows cards and carousels as text with link and postback buttons', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    const card = (title: string) => ({
      title,
      description: title + ' details',
      defaultAction: { type: 'Link', text: 'Open', url: 'https://example.com/' + title },
      actions: [{ type: 'Postback', text: 'Choose ' + title, payload: title }, { type: 'Link', text: 'Bad', url: 'javascript:alert(1)' }],
    });
    server.agent.cards(id, 'Our plans', [card('Basic'), card('Pro')], true);
    const shown = await messageWith(heard, 'Our plans\nBasic\nBasic details\nPro\nPro details');
    expect(shown.buttons).toEqual([
      { kind: 'link', label: 'Open', url: 'https://example.com/Basic' },
      { kind: 'action', label: 'Choose Basic', value: 'Basic' },
      { kind: 'link', label: 'Open', url: 'https://example.com/Pro' },
      { kind: 'action', label: 'Choose Pro', value: 'Pro' },
    ]);
    const sent = await transport.send({ clientId: 'c1', text: 'Choose Pro' });
    expect(server.messages(id).find((message: { id: string }) => message.id === sent.id)).toMatchObject({ content: [{ buttonResponse: { text: 'Choose Pro', payload: 'Pro', type: 'Button' } }] });
  });

  it("shows an agent's attachment with its download URL", async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.attachment(id, { fileName: 'invoice.pdf', fileType: 'application/pdf', bytes: Buffer.from('%PDF-1.4'), text: 'Your invoice' });
    const shown = await messageWith(heard, 'Your invoice');
    expect(shown.attachments).toEqual([expect.objectContaining({ name: 'invoice.pdf', type: 'application/pdf', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) })]);
    const download = await fetch(shown.attachments![0]!.url!);
    expect(await download.text()).toBe('%PDF-1.4');
  });

  it('keeps the socket alive with echo frames whose answers are never shown', async () => {
    const server = await startServer();
    const { transport, heard } = open(server, { keepAliveMs: 100 });
    await transport.connect({ visitorId: 'v1' });
    await sleep(450);
    const { id } = await onlySession(server);
    server.agent.say(id, 'still here?', true);
    await messageWith(heard, 'still here?');
    expect(heard.of('message').map((message) => message.text)).toEqual(['still here?']);
    expect(heard.of('link')).toEqual(['live']);
  });

  it('drops malformed frames with a debug line and carries on', async () => {
    const server = await startServer();
    const { transport, heard, env } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.sendRaw(id, 'not json');
    server.sendRaw(id, JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { text: 'no id' } }));
    server.sendRaw(id, JSON.stringify({ type: 'message', class: 'SomethingNew', code: 200, body: {} }));
    server.agent.say(id, 'after the noise', true);
    await messageWith(heard, 'after the noise');
    expect(env.logs.filter((line) => line.message === 'genesys-messaging: dropped a malformed frame')).toHaveLength(2);
  });

  it("keeps the agent's http(s) avatar on the chat's messages and in its cache after a reload; any other URL is dropped", async () => {
    const server = await startServer();
    const store = memoryStore();
    const chat = chatOn(server, store);
    await chat.start();
    chat.send('hello');
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Eve', image: 'javascript:alert(1)' });
    server.agent.say(id, 'first answer');
    const first = await until(() => chat.messages.value.find((message) => message.text === 'first answer'), 5000, 'first answer');
    expect(first.senderAvatar).toBeUndefined();
    server.agent.join(id, { nickname: 'Sam', image: 'https://example.com/sam.png' });
    server.agent.say(id, 'second answer');
    const second = await until(() => chat.messages.value.find((message) => message.text === 'second answer'), 5000, 'second answer');
    expect(second).toMatchObject({ senderName: 'Sam', senderAvatar: 'https://example.com/sam.png' });
    chat.destroy();

    const reloaded = chatOn(server, store);
    await reloaded.start();
    expect(reloaded.messages.value.find((message) => message.text === 'second answer')?.senderAvatar).toBe('https://example.com/sam.png');
  });
});
