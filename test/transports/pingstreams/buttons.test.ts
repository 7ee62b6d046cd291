/**
 * Bot buttons on Pingstreams, through the real core and the local server, whose demo bot writes its
 * replies with `@tiledesk/tiledesk-chatbot-util` (Markbot): each button kind arrives as the visitor
 * would use it, a reply or an action sends the right message, and only web links become buttons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../../servers/pingstreams/index.js';
import { createChat } from '../../../src/core/chat';
import type { Chat } from '../../../src/core/model';
import type { Message } from '../../../src/core/types';
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
  srv = await startPingstreamsServer();
  const spec = pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500 });
  chat = createChat(spec, { storage: 'memory', pollInterval: 100 }, { fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, log: () => {} });
  await chat.start();
  return chat;
}

/** Sends "menu" and waits for the bot's menu. */
async function openMenu(c: Chat): Promise<{ menu: Message; rid: string }> {
  c.send('menu');
  const menu = await until(() => c.messages.value.find((message) => message.sender === 'bot' && message.buttons), 4000, 'menu');
  return { menu, rid: srv.requests()[0].request_id as string };
}

/** What the server stored from the visitor (text and attributes). */
const visitorMessages = (rid: string) =>
  (srv.messages(rid) as { sender: string; text: string; attributes: Record<string, unknown> }[]).filter((message) => !message.sender.startsWith('bot_'));

describe('pingstreams bot buttons', () => {
  it('shows a Markbot menu as reply, link and action buttons', async () => {
    const c = await startChat();
    const { menu } = await openMenu(c);
    expect(menu.text).toBe('What would you like to do?');
    expect(menu.buttons).toEqual([
      { kind: 'reply', label: 'Pricing', value: 'Pricing' },
      { kind: 'link', label: 'Documentation', url: 'https://example.com/docs', target: 'blank' },
      { kind: 'action', label: 'Talk to a human', value: 'handoff' },
      { kind: 'action', label: 'Show my choice', value: 'echo' },
    ]);
  });

  it('sends a reply button as the visitor’s own message, and the bot answers it', async () => {
    const c = await startChat();
    const { menu, rid } = await openMenu(c);
    const reply = menu.buttons!.find((button) => button.kind === 'reply')!;
    const sent = c.send(reply.value!);
    expect(sent.hidden).toBeUndefined();
    await until(() => c.messages.value.some((message) => message.text === 'Parley is free and open source.'), 4000, 'bot answer');
    expect(visitorMessages(rid).map((message) => message.text)).toEqual(['menu', 'Pricing']);
  });

  it('sends an action hidden from the transcript, with attributes.action', async () => {
    const c = await startChat();
    const { rid } = await openMenu(c);
    const sent = c.send('Talk to a human', { action: 'handoff' });
    expect(sent).toMatchObject({ action: 'handoff', hidden: true });
    await until(() => c.messages.value.some((message) => message.text === 'Action "handoff" done.'), 4000, 'action done');
    const stored = visitorMessages(rid).at(-1)!;
    expect(stored.attributes).toMatchObject({ action: 'handoff', subtype: 'info' });
    // The echo is the visitor's, still hidden (not a system notice).
    const own = c.messages.value.find((message) => message.action === 'handoff')!;
    expect(own).toMatchObject({ sender: 'visitor', hidden: true, status: 'sent' });
  });

  it('shows an action the bot asked to echo (show_echo)', async () => {
    const c = await startChat();
    const { rid } = await openMenu(c);
    const sent = c.send('Show my choice', { action: 'echo' });
    expect(sent.hidden).toBeUndefined();
    await until(() => visitorMessages(rid).length === 2, 4000, 'stored');
    expect(visitorMessages(rid).at(-1)!.attributes.action).toBe('echo');
    expect(visitorMessages(rid).at(-1)!.attributes.subtype).toBeUndefined();
  });

  it('keeps only http and https links', async () => {
    const c = await startChat();
    const { rid } = await openMenu(c);
    const buttons = [
      { type: 'url', value: 'Script', link: 'javascript:alert(1)', target: 'blank' },
      { type: 'url', value: 'Data', link: 'data:text/html,<b>x</b>' },
      { type: 'url', value: 'Parent', link: 'http://example.com/', target: 'parent' },
      { type: 'url', value: 'Self', link: 'https://example.com/self', target: 'self' },
      { type: 'unknown', value: 'Odd' },
    ];
    const answer = await fetch(`${srv.url}/test/requests/${rid}/bot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Links', attributes: { attachment: { type: 'template', buttons } } }),
    });
    expect(answer.status).toBe(200);
    const links = await until(() => c.messages.value.find((message) => message.text === 'Links'), 4000, 'links');
    expect(links.buttons).toEqual([
      { kind: 'link', label: 'Parent', url: 'http://example.com/', target: 'parent' },
      { kind: 'link', label: 'Self', url: 'https://example.com/self', target: 'self' },
    ]);
  });
});
