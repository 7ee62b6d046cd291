/**
 * Genesys Cloud Web Messaging in a real browser, through the built `dist/parley.js` with the backend
 * chosen by name (script tag `data-backend="genesys-messaging"`, fetched as `dist/parley-genesys-messaging.js`,
 * and `<parley-chat backend="genesys-messaging">`). The agent is played through
 * servers/genesys-messaging's control API (`/test/*`), as the demo's operator console does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenesysMessagingServer, type GenesysMessagingServer } from '../servers/genesys-messaging/index.js';
import { control } from './helpers/control';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
let server: GenesysMessagingServer;
/** How far the server's clock is ahead of real time (download URLs expire on it). */
let serverAhead = 0;

beforeAll(async () => {
  server = await startGenesysMessagingServer({ port: 0, now: () => Date.now() + serverAhead });
  e2e.web.vars.GWM_DEPLOYMENT = server.deploymentId;
  e2e.web.vars.GWM_WS = server.wsUrl;
  e2e.web.vars.GWM_API = server.apiUrl;
});
afterAll(() => server?.stop());

interface Summary {
  id: string;
  token: string;
  closed: boolean;
}
interface Stored {
  text?: string;
  direction: string;
}

const agent = (id: string, action: string, body: Record<string, unknown> = {}) => control(server.url, `/test/sessions/${id}/${action}`, body);
const sessions = () => control<Summary[]>(server.url, '/test/sessions');
const known = async () => (await sessions()).map((session) => session.id);
const newSession = (before: string[]) => until(async () => (await sessions()).find((session) => !before.includes(session.id)), 'a new session');
const agentSees = (id: string, text: string) =>
  until(async () => (await control<Stored[]>(server.url, `/test/sessions/${id}/messages`)).some((message) => message.direction === 'Inbound' && message.text === text), `"${text}" on the agent side`);

describe('Genesys Web Messaging, script tag', () => {
  it('chats both ways: agent join, typing, reply, a quick reply tapped, read-only end, then a new chat', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-messaging.html');
    await openChat(page);
    await send(page, 'Hello, where is my parcel?');
    const session = await newSession(before);
    await agentSees(session.id, 'Hello, where is my parcel?');
    // Shown once: the Inbound echo is the same message.
    await expect.poll(shown(page, 'Hello, where is my parcel?')).toBe(1);

    await agent(session.id, 'join', { nickname: 'Sam' });
    await expect.poll(shown(page, 'Sam joined the chat')).toBe(1);
    await agent(session.id, 'typing');
    await expect.poll(shown(page, 'Sam is typing…')).toBe(1);
    await agent(session.id, 'say', { text: 'Sam here. Is it order 1042?' });
    await expect.poll(shown(page, 'Sam here. Is it order 1042?')).toBe(1);

    await agent(session.id, 'quickreplies', { text: 'Please confirm', replies: [{ text: 'Yes', payload: 'yes' }, { text: 'No', payload: 'no' }] });
    await page.getByRole('group', { name: 'Please confirm' }).getByRole('button', { name: 'Yes' }).click();
    await agentSees(session.id, 'Yes');
    const stored = await control<{ text?: string; content?: { buttonResponse?: unknown }[] }[]>(server.url, `/test/sessions/${session.id}/messages`);
    expect(stored.find((message) => message.text === 'Yes')?.content?.[0]?.buttonResponse).toEqual({ text: 'Yes', payload: 'yes', type: 'QuickReply' });

    await agent(session.id, 'disconnect');
    await expect.poll(shown(page, 'Sam left the chat')).toBe(1);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat ended');
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    const during = await known();
    await page.getByRole('button', { name: 'New chat' }).click();
    await send(page, 'One more question');
    const next = await newSession(during);
    await agentSees(next.id, 'One more question');
    expect(next.token).not.toBe(session.token);
    await until(async () => (await sessions()).find((item) => item.id === session.id)?.closed, 'the read-only session closed');
    expect(tab.errors).toEqual([]);
  });

  it('resumes the same conversation after a reload (same token)', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-messaging.html');
    await openChat(page);
    await send(page, 'First visit');
    const session = await newSession(before);
    await agentSees(session.id, 'First visit');
    await agent(session.id, 'say', { text: 'Welcome back any time', bot: true });
    await expect.poll(shown(page, 'Welcome back any time')).toBe(1);

    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'First visit')).toBe(1);
    await expect.poll(shown(page, 'Welcome back any time')).toBe(1);
    await agent(session.id, 'say', { text: 'Still here after your reload', bot: true });
    await expect.poll(shown(page, 'Still here after your reload')).toBe(1);
    await send(page, 'Same chat');
    await agentSees(session.id, 'Same chat');
    expect((await known()).filter((id) => !before.includes(id))).toEqual([session.id]);
    expect(tab.errors).toEqual([]);
  });
});

/** A 1×1 PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('Genesys Web Messaging, files', () => {
  it('attaches a file: PUT to the presigned URL, then the message carries it; the agent answers with an avatar; a blocked extension is explained and not sent', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-messaging.html');
    await openChat(page);
    await send(page, 'I have a photo of the damage');
    const session = await newSession(before);
    await agentSees(session.id, 'I have a photo of the damage');

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'damage.png', mimeType: 'image/png', buffer: PIXEL });
    await expect.poll(() => page.getByRole('button', { name: 'Open image damage.png' }).count()).toBe(1);
    const withFile = () => control<{ content?: { attachment?: { filename: string; url: string } }[] }[]>(server.url, `/test/sessions/${session.id}/messages`);
    const stored = await until(async () => (await withFile()).find((message) => message.content?.[0]?.attachment), 'the message with its attachment');
    expect(stored.content![0]!.attachment!.filename).toBe('damage.png');
    expect(Buffer.from(await (await fetch(stored.content![0]!.attachment!.url)).arrayBuffer())).toEqual(PIXEL);

    // The agent's avatar (`channel.from.image`; here the stored picture) shows beside the name, which stays text.
    await agent(session.id, 'join', { nickname: 'Robin', image: stored.content![0]!.attachment!.url });
    await agent(session.id, 'say', { text: 'Thanks, I can see it' });
    await expect.poll(shown(page, 'Thanks, I can see it')).toBe(1);
    const avatar = page.locator('.sender-avatar');
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await avatar.evaluate((img: HTMLImageElement) => [img.alt, img.referrerPolicy, img.nextElementSibling?.textContent])).toEqual(['', 'no-referrer', 'Robin']);

    const refused = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await refused).setFiles({ name: 'invoice.exe', mimeType: 'text/plain', buffer: Buffer.from('MZ') });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This type of file cannot be sent' }).count()).toBe(1);
    expect((await withFile()).filter((message) => message.content?.length)).toHaveLength(1);
    expect(tab.errors).toEqual([]);
  });
});

describe('Genesys Web Messaging, <parley-chat backend="genesys-messaging">', () => {
  it('chats with an agent from the element attributes', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-messaging-element.html');
    await openChat(page);
    expect(await page.getByRole('dialog', { name: 'Messaging support' }).count()).toBe(1);
    await send(page, 'Hi from the element');
    const session = await newSession(before);
    await agentSees(session.id, 'Hi from the element');
    await agent(session.id, 'join', { nickname: 'Alex' });
    await agent(session.id, 'say', { text: 'Alex answering' });
    await expect.poll(shown(page, 'Alex answering')).toBe(1);
    expect(tab.errors).toEqual([]);
  });
});

describe('Genesys Web Messaging, files the agent sent a while ago', () => {
  it('still download after their first URL has expired; an image on screen is not fetched again', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    // The page's clock moves under the test's control, as the server's does: "nine minutes later" takes no time.
    await page.clock.install();
    const before = await known();
    await page.goto(e2e.web.url + '/genesys-messaging.html');
    await openChat(page);
    await send(page, 'Can you send me the invoice?');
    const session = await newSession(before);
    await agentSees(session.id, 'Can you send me the invoice?');
    await agent(session.id, 'join', { nickname: 'Sam' });
    await agent(session.id, 'attachment', { fileName: 'invoice.pdf', fileType: 'application/pdf', base64: Buffer.from('%PDF-1.4 invoice').toString('base64'), text: 'Here it is' });
    await agent(session.id, 'attachment', { fileName: 'parcel.png', fileType: 'image/png', base64: PIXEL.toString('base64'), text: 'And your parcel' });
    const link = page.getByRole('link', { name: /invoice\.pdf/ });
    const image = page.getByRole('button', { name: 'Open image parcel.png' }).locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const firstHref = (await link.getAttribute('href'))!;
    const imageSrc = await image.getAttribute('src');
    const fetchedImages = () => page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/downloads/')).length);
    const imagesBefore = await fetchedImages();

    // Nine minutes on, a minute at a time (so the socket's keep-alive is answered as it would be): the widget
    // has renewed the URLs before they expire.
    for (let minute = 0; minute < 9; minute++) {
      serverAhead += 60_000;
      await page.clock.fastForward('01:00');
      await page.waitForTimeout(100);
    }
    await expect.poll(() => link.getAttribute('href'), { timeout: 8000 }).not.toBe(firstHref);
    serverAhead += 2 * 60_000; // the first URL has expired now
    const download = async (url: string) => (await fetch(url)).status;
    expect(await download(firstHref)).toBe(403);
    const renewedHref = (await link.getAttribute('href'))!;
    expect(await download(renewedHref)).toBe(200);
    expect(Buffer.from(await (await fetch(renewedHref)).arrayBuffer()).toString()).toBe('%PDF-1.4 invoice');
    // The picture on screen keeps the copy it loaded: nothing is downloaded again.
    expect(await image.getAttribute('src')).toBe(imageSrc);
    expect(await fetchedImages()).toBe(imagesBefore);

    // Much later, a reload: the cached URLs have all expired (and this server's history hands out the stored
    // ones). The picture fails once; a minute on, the URLs are renewed and it shows, and the file downloads.
    serverAhead += 11 * 60_000;
    await page.reload();
    await openChat(page);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete)).toBe(true);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);
    serverAhead += 60_000;
    await page.clock.fastForward('01:00');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 8000 }).toBe(1);
    expect(await download((await link.getAttribute('href'))!)).toBe(200);
    expect(tab.errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
