/**
 * Genesys Cloud guest chat in a real browser, through the built `dist/parley.js` with the backend chosen
 * by name (script tag `data-backend="genesys"` and `<parley-chat backend="genesys">`). The agent is
 * played through servers/genesys's control API (`/test/*`), as the demo's operator console does.
 * The guest JWT is a bearer secret: every test checks that it reached no console output and no
 * `error` event of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startGenesysServer, type GenesysServer } from '../servers/genesys/index.js';
import type { Tab } from './helpers/browser';
import { control } from './helpers/control';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
let gs: GenesysServer;

beforeAll(async () => {
  gs = await startGenesysServer({ port: 0 });
  e2e.web.vars.GENESYS = gs.apiUrl;
});
afterAll(() => gs?.stop());

interface Summary {
  id: string;
  routed: boolean;
  ended: boolean;
  guest?: { displayName?: string };
}
interface StoredMessage {
  body: string;
  bodyType: string;
  senderRole?: string;
}

/** The agent's side, over HTTP. */
const agent = (id: string, action: string, body: Record<string, unknown> = {}) => control(gs.url, `/test/conversations/${id}/${action}`, body);
const conversations = () => control<Summary[]>(gs.url, '/test/conversations');
/** A conversation that did not exist before (ids in `known`), once routed (its event stream attached). */
const newConversation = (known: string[]) =>
  until(async () => (await conversations()).find((c) => c.routed && !known.includes(c.id)), 'a new routed conversation');
const known = async () => (await conversations()).map((c) => c.id);
/** What the agent sees: the guest's standard messages. */
const guestSaid = async (id: string) =>
  (await control<StoredMessage[]>(gs.url, `/test/conversations/${id}/messages`)).filter((m) => m.senderRole === 'CUSTOMER' && m.bodyType === 'standard').map((m) => m.body);
const agentSees = (id: string, text: string) => until(async () => (await guestSaid(id)).includes(text), `"${text}" on the agent side`);

/** The sender name shown on the row of a message (the first of its group). */
const nameOn = (page: Page, text: string) => page.getByRole('log').locator('.message', { hasText: text }).locator('.sender-name').textContent();

/** Every guest JWT the server has handed out and seen (Authorization headers, event-stream URLs). */
function jwts(): string[] {
  const out = new Set<string>();
  for (const r of gs.requests()) {
    const auth = String(r.headers.authorization ?? '');
    if (/^bearer /i.test(auth)) out.add(auth.slice(7));
    const m = /\/chat\/jwt\/([\w.-]+)/.exec(r.url);
    if (m) out.add(m[1]!);
  }
  return [...out];
}

/** The JWTs are in no console message (page-side, fully serialised, and the browser's own) and no `error` event. */
async function expectNoJwtLeak(tab: Tab) {
  const tokens = jwts();
  expect(tokens.length).toBeGreaterThan(0);
  const { consoleDump, errorEvents } = await tab.page.evaluate(() => {
    const w = window as unknown as { consoleDump: string[]; errorEvents: string[] };
    return { consoleDump: w.consoleDump, errorEvents: w.errorEvents };
  });
  const texts = [...consoleDump, ...errorEvents, ...tab.logs, ...tab.errors].join('\n');
  for (const t of tokens) {
    expect(texts.includes(t)).toBe(false);
    // Nor its signature alone (the part that makes it a credential).
    expect(texts.includes(t.split('.')[2]!)).toBe(false);
  }
  return errorEvents;
}

describe('Genesys guest chat, script tag', () => {
  it('chats both ways with named agents: join, typing, reply, transfer, leave, end, then a new conversation', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys.html');
    await openChat(page);
    await send(page, 'Hello, I need help with my order');
    const c = await newConversation(before);
    await agentSees(c.id, 'Hello, I need help with my order');

    await agent(c.id, 'join', { name: 'Alex' });
    await expect.poll(shown(page, 'Alex joined the chat')).toBe(1);
    await agent(c.id, 'typing');
    await expect.poll(shown(page, 'Alex is typing…')).toBe(1);
    await agent(c.id, 'say', { text: 'Hi, Alex here. What is the order number?' });
    await expect.poll(shown(page, 'Hi, Alex here. What is the order number?')).toBe(1);
    expect(await nameOn(page, 'Hi, Alex here.')).toBe('Alex');
    // The message ends the typing indicator.
    await expect.poll(shown(page, 'Alex is typing…')).toBe(0);

    await send(page, 'It is 1042');
    await agentSees(c.id, 'It is 1042');
    // The own message shows once (the stream's echo is not a second copy).
    await expect.poll(shown(page, 'It is 1042')).toBe(1);

    await agent(c.id, 'transfer', { name: 'Sam' });
    await expect.poll(shown(page, 'Transferred to Sam')).toBe(1);
    await agent(c.id, 'say', { text: 'Sam from billing: refund on its way.' });
    await expect.poll(shown(page, 'Sam from billing: refund on its way.')).toBe(1);
    expect(await nameOn(page, 'Sam from billing')).toBe('Sam');

    await agent(c.id, 'leave');
    await expect.poll(shown(page, 'Sam left the chat')).toBe(1);
    await agent(c.id, 'end');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat ended');
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    // The visitor starts over: a new Genesys conversation, the composer is back.
    const during = await known();
    await page.getByRole('button', { name: 'New chat' }).click();
    await send(page, 'One more question');
    const next = await newConversation(during);
    await agentSees(next.id, 'One more question');
    expect(next.id).not.toBe(c.id);
    expect(await expectNoJwtLeak(tab)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('resumes the same conversation after a reload while the JWT is valid, and starts afresh once it is not', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys.html');
    await openChat(page);
    await send(page, 'First visit');
    const c = await newConversation(before);
    await agentSees(c.id, 'First visit');
    await agent(c.id, 'join', { name: 'Alex' });
    await agent(c.id, 'say', { text: 'Welcome back any time' });
    await expect.poll(shown(page, 'Welcome back any time')).toBe(1);

    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'Welcome back any time')).toBe(1);
    await expect.poll(shown(page, 'First visit')).toBe(1);
    // Same conversation: the stream is open again and live messages keep coming, both ways.
    await until(async () => (await conversations()).find((x) => x.id === c.id && !x.ended), 'the conversation still open');
    await agent(c.id, 'say', { text: 'Still here after your reload' });
    await expect.poll(shown(page, 'Still here after your reload')).toBe(1);
    await send(page, 'Thanks, same chat');
    await agentSees(c.id, 'Thanks, same chat');
    expect((await known()).filter((id) => !before.includes(id))).toEqual([c.id]);

    // The JWT expires: the failure is reported as an error event (without the token), and a reload starts a new chat.
    await agent(c.id, 'expire');
    await send(page, 'Are you there?');
    await expect.poll(() => page.evaluate(() => (window as unknown as { errorEvents: string[] }).errorEvents.length)).toBeGreaterThan(0);
    const errorEvents = await expectNoJwtLeak(tab);
    expect(errorEvents.join()).toMatch(/auth/);

    const beforeReload = await known();
    await page.reload();
    await openChat(page);
    await send(page, 'Starting over');
    const fresh = await newConversation(beforeReload);
    await agentSees(fresh.id, 'Starting over');
    await expect.poll(shown(page, 'Starting over')).toBe(1);
    expect(await shown(page, 'Welcome back any time')()).toBe(0);
    await expectNoJwtLeak(tab);
  });

  it("words the agents' joined, transferred and left notices in the visitor's language", async () => {
    const tab = await e2e.tab({ locale: 'fr-FR' });
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys.html');
    await openChat(page, 'Ouvrir le chat');
    await send(page, 'Bonjour', 'Message');
    const c = await newConversation(before);
    await agentSees(c.id, 'Bonjour');
    await agent(c.id, 'join', { name: 'Alex' });
    await expect.poll(shown(page, 'Alex a rejoint le chat')).toBe(1);
    await agent(c.id, 'transfer', { name: 'Sam' });
    await expect.poll(shown(page, 'Transféré à Sam')).toBe(1);
    await agent(c.id, 'leave');
    await expect.poll(shown(page, 'Sam a quitté le chat')).toBe(1);
    expect(await shown(page, 'Alex joined the chat')()).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});

describe('Genesys guest chat, <parley-chat backend="genesys">', () => {
  it('chats with an agent whose name is shown, from the element attributes', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-element.html');
    await openChat(page);
    expect(await page.getByRole('dialog', { name: 'Genesys support' }).count()).toBe(1);
    await send(page, 'Hello from the element');
    const c = await newConversation(before);
    await agentSees(c.id, 'Hello from the element');
    await agent(c.id, 'join', { name: 'Priya' });
    await expect.poll(shown(page, 'Priya joined the chat')).toBe(1);
    await agent(c.id, 'typing');
    await expect.poll(shown(page, 'Priya is typing…')).toBe(1);
    await agent(c.id, 'say', { text: 'Hello element visitor' });
    await expect.poll(shown(page, 'Hello element visitor')).toBe(1);
    expect(await nameOn(page, 'Hello element visitor')).toBe('Priya');
    await agent(c.id, 'end');
    await expect.poll(() => page.getByRole('button', { name: 'New chat' }).count()).toBe(1);
    expect(await expectNoJwtLeak(tab)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});
