/**
 * Bot buttons and the pre-chat form in Chromium, through the built `dist/parley.js`: the Pingstreams
 * demo bot's menu (real `@tiledesk/tiledesk-chatbot-util` output) tapped by the visitor; the pre-chat
 * form on PocketPing whose values reach the backend as the session's identity; the away form only
 * while no operator is online. axe on both views: no serious or critical finding.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPingstreamsServer, type PingstreamsServer } from '../servers/pingstreams/index.js';
import { axe } from './helpers/axe';
import { control } from './helpers/control';
import { SCREENSHOTS, until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
let ps: PingstreamsServer;

beforeAll(async () => {
  ps = await startPingstreamsServer({ port: 0 });
  Object.assign(e2e.web.vars, { PINGSTREAMS: ps.apiUrl, PROJECT: ps.projectId });
});
afterAll(async () => {
  await ps?.stop();
});

async function initPocketPing(page: Page, preChat: unknown) {
  await page.goto(e2e.web.url + '/api.html');
  await page.evaluate((preChat) => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, preChat }), preChat);
}

interface StoredMessage {
  text: string;
  sender: string;
  attributes?: { action?: string; subtype?: string };
}

describe('bot buttons (Pingstreams)', () => {
  it('taps a reply and an action of the bot menu; the choices go once answered', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    await page.goto(e2e.web.url + '/pingstreams.html');
    await openChat(page);
    await send(page, 'menu');
    await expect.poll(shown(page, 'What would you like to do?')).toBe(1);
    const menu = page.getByRole('group', { name: 'What would you like to do?' });
    await expect.poll(() => menu.getByRole('button').count()).toBe(3);
    const docs = menu.getByRole('link', { name: 'Documentation' });
    expect(await docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'bot-buttons.png') });

    // Keyboard: Tab reaches the buttons; Enter taps.
    await menu.getByRole('button', { name: 'Pricing' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(shown(page, 'Pricing')).toBe(1);
    await expect.poll(shown(page, 'Parley is free and open source.')).toBe(1);
    await expect.poll(() => menu.count()).toBe(0);

    // A second menu; its action is sent hidden, with attributes.action.
    await send(page, 'menu');
    await expect.poll(() => menu.count()).toBe(1);
    await menu.getByRole('button', { name: 'Talk to a human' }).click();
    await expect.poll(shown(page, 'Action "handoff" done.')).toBe(1);
    expect(await shown(page, 'Talk to a human')()).toBe(0);
    const rid = (await control<{ request_id: string }[]>(ps.url, '/test/requests')).at(-1)!.request_id;
    const stored = await control<StoredMessage[]>(ps.url, `/test/requests/${rid}/messages`);
    expect(stored.find((message) => message.text === 'Talk to a human')?.attributes).toMatchObject({ action: 'handoff', subtype: 'info' });
    await expect.poll(() => menu.count()).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});

describe('pre-chat form (PocketPing)', () => {
  it('asks who the visitor is, sends the identity to the backend, then shows the composer (and not again)', async () => {
    const { page } = await e2e.tab();
    await initPocketPing(page, { fields: [{ name: 'name', required: true }, { name: 'email', type: 'email', required: true }] });
    await openChat(page);
    const form = page.getByRole('form', { name: 'Before we start' });
    await expect.poll(() => form.count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'pre-chat-form.png') });

    // Inline validation, in words, tied to the fields.
    await form.getByRole('textbox', { name: 'Email' }).fill('ann@');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => form.getByText('Please fill in this field').count()).toBe(1);
    await expect.poll(() => form.getByText('Please enter a valid email address').count()).toBe(1);
    expect(await form.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'pre-chat-form-errors.png') });

    await form.getByRole('textbox', { name: 'Name' }).fill('Ann Lee');
    await form.getByRole('textbox', { name: 'Email' }).fill('ann@example.com');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    const session = await until(() => e2e.pp.sessions().find((s) => s.identity?.email === 'ann@example.com'), 'the identity on the server');
    expect(session.identity).toMatchObject({ name: 'Ann Lee', email: 'ann@example.com' });

    // Identified (persisted): a reload shows the composer straight away.
    await page.reload();
    await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, preChat: { fields: [{ name: 'email', type: 'email' }] } }));
    await openChat(page);
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    expect(await page.getByRole('form').count()).toBe(0);
  });

  it('shows the away form only while no operator is online, and sends the message left', async () => {
    const { page } = await e2e.tab();
    const preChat = { fields: [{ name: 'email', type: 'email', required: true }], when: 'away' };
    e2e.pp.pp.setOperatorOnline(true);
    await initPocketPing(page, preChat);
    await openChat(page);
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    expect(await page.getByRole('form').count()).toBe(0);

    e2e.pp.pp.setOperatorOnline(false);
    await page.reload();
    await initPocketPing(page, preChat);
    await openChat(page);
    const form = page.getByRole('form', { name: "We're away — leave your email and we'll reply" });
    await expect.poll(() => form.count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await form.getByRole('textbox', { name: 'Email' }).fill('bo@example.com');
    await form.getByRole('textbox', { name: 'Message' }).fill('Please call me back');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(shown(page, 'Please call me back')).toBe(1);
    const session = await until(() => e2e.pp.sessions().find((s) => s.identity?.email === 'bo@example.com'), 'the identity on the server');
    await until(() => e2e.pp.messages(session.id).some((m: { content?: string }) => m.content === 'Please call me back'), 'the message on the server');
  });
});
