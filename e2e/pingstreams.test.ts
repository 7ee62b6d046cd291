/**
 * Pingstreams in a real browser, through the built `dist/parley.js` with the backend chosen by name
 * (script tag `data-backend="pingstreams"`, and `Parley.init({ backend: 'pingstreams', auth: { tokenUrl } })`).
 * The agent is played through servers/pingstreams's control API (`/test/*`); live messages must come
 * over the realtime WebSocket. A signed-in visitor's custom JWT comes from a site token endpoint
 * (e2e/helpers/token-endpoint.ts) with a short life, so it is renewed while the visitor chats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPingstreamsServer, type PingstreamsServer } from '../servers/pingstreams/index.js';
import type { Tab } from './helpers/browser';
import { control } from './helpers/control';
import { until, useE2E } from './helpers/setup';
import { startTokenEndpoint, type TokenEndpoint } from './helpers/token-endpoint';
import { openChat, send, shown } from './helpers/widget';

/** Seconds an access token from the site endpoint lives: renewed after 80 % of it (token-provider.ts). */
const TOKEN_LIFE = 3;
const SITE_USER = { _id: 'site-user-42', firstname: 'Jordan', lastname: 'Site', email: 'jordan@site.test' };

const e2e = useE2E();
let ps: PingstreamsServer;
let tokens: TokenEndpoint;

beforeAll(async () => {
  ps = await startPingstreamsServer({ port: 0 });
  tokens = await startTokenEndpoint({ projectId: ps.projectId, projectSecret: ps.projectSecret, expiresIn: TOKEN_LIFE, user: SITE_USER });
  Object.assign(e2e.web.vars, { PINGSTREAMS: ps.apiUrl, PROJECT: ps.projectId, TOKEN_URL: tokens.url });
});
afterAll(async () => {
  await tokens?.close();
  await ps?.stop();
});

interface Request {
  request_id: string;
  lead?: { lead_id?: string; fullname?: string };
}
interface StoredMessage {
  text: string;
  sender: string;
}

const requests = () => control<Request[]>(ps.url, '/test/requests');
const known = async () => (await requests()).map((r) => r.request_id);
/** The request created by the visitor's first message (ids in `before` existed already). */
const newRequest = (before: string[]) => until(async () => (await requests()).find((r) => !before.includes(r.request_id)), 'a new request');
const stored = async (rid: string) => control<StoredMessage[]>(ps.url, `/test/requests/${rid}/messages`);
const agentSees = (rid: string, text: string) => until(async () => (await stored(rid)).some((m) => m.text === text), `"${text}" on the agent side`);
const agentSays = (rid: string, text: string) => control(ps.url, `/test/requests/${rid}/say`, { text, name: 'Ada' });

/** Texts pushed to the page over its realtime WebSocket(s) to the Pingstreams server. */
function socketFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    if (ws.url().startsWith(ps.url.replace('http', 'ws'))) ws.on('framereceived', (f) => frames.push(String(f.payload)));
  });
  return frames;
}

const nameOn = (page: Page, text: string) => page.getByRole('log').locator('.message', { hasText: text }).locator('.sender-name').textContent();
const errorEvents = (tab: Tab) => tab.page.evaluate(() => (window as unknown as { errorEvents: string[] }).errorEvents);

describe('Pingstreams, anonymous visitor (script tag)', () => {
  it('chats both ways in real time, and sees the agent close the conversation', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const frames = socketFrames(page);
    const before = await known();
    await page.goto(e2e.web.url + '/pingstreams.html');
    await openChat(page);
    await send(page, 'Hi, do you rent bikes?');
    const r = await newRequest(before);
    await agentSees(r.request_id, 'Hi, do you rent bikes?');

    await agentSays(r.request_id, 'We do, by the day or the week.');
    await expect.poll(shown(page, 'We do, by the day or the week.')).toBe(1);
    expect(await nameOn(page, 'We do, by the day')).toBe('Ada');
    // It came over the realtime socket (a push), not from polling the message list.
    expect(frames.some((f) => f.includes('We do, by the day or the week.'))).toBe(true);

    await send(page, 'Great, a week please');
    await agentSees(r.request_id, 'Great, a week please');
    await expect.poll(shown(page, 'Great, a week please')).toBe(1);
    await agentSays(r.request_id, 'Booked!');
    await expect.poll(shown(page, 'Booked!')).toBe(1);

    await control(ps.url, `/test/requests/${r.request_id}/close`, {});
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat ended');
    await expect.poll(() => page.getByRole('button', { name: 'New chat' }).count()).toBe(1);
    expect(await errorEvents(tab)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});

describe('Pingstreams, signed-in visitor with a custom JWT from the site', () => {
  it('chats as the site user and renews the short-lived token without the visitor noticing', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const frames = socketFrames(page);
    const before = await known();
    const callsBefore = tokens.calls.length;
    await page.goto(e2e.web.url + '/pingstreams-jwt.html');
    await openChat(page);
    await send(page, 'Hello, signed in here');
    const r = await newRequest(before);
    await agentSees(r.request_id, 'Hello, signed in here');
    // The conversation belongs to the site's user named in the JWT, not to an anonymous guest.
    expect(r.lead?.lead_id).toBe(SITE_USER._id);
    expect(tokens.calls.slice(callsBefore)).toEqual(['client_credentials']);

    await agentSays(r.request_id, 'Hi Jordan!');
    await expect.poll(shown(page, 'Hi Jordan!')).toBe(1);

    // Outlive the first token; the agent's messages keep arriving meanwhile.
    const issuedAt = Date.now();
    await agentSays(r.request_id, 'Let me check your order');
    await expect.poll(shown(page, 'Let me check your order')).toBe(1);
    await new Promise((ok) => setTimeout(ok, Math.max(0, TOKEN_LIFE * 1000 + 300 - (Date.now() - issuedAt))));

    await send(page, 'Still there?');
    await agentSees(r.request_id, 'Still there?');
    // The token was renewed with the refresh token the endpoint handed out.
    await until(() => tokens.calls.slice(callsBefore).includes('refresh_token'), 'a token refresh');
    await agentSays(r.request_id, 'Yes, it ships tomorrow.');
    await expect.poll(shown(page, 'Yes, it ships tomorrow.')).toBe(1);
    expect(frames.some((f) => f.includes('Yes, it ships tomorrow.'))).toBe(true);

    // Nothing the visitor could notice: every message sent, no error state, no error event.
    await expect.poll(shown(page, 'Still there?')).toBe(1);
    expect(await page.getByRole('log').getByText('Not sent').count()).toBe(0);
    // (The status line is empty, hence hidden, while online.)
    expect(await page.getByRole('status', { includeHidden: true }).textContent()).toBe('');
    expect(await errorEvents(tab)).toEqual([]);
    expect(tab.errors).toEqual([]);
    // The site's tokens are never logged.
    const dump = (await page.evaluate(() => (window as unknown as { consoleDump: string[] }).consoleDump)).concat(tab.logs).join('\n');
    for (const t of tokens.issued) expect(dump.includes(t)).toBe(false);
  });
});
