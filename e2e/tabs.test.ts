/**
 * One visitor, many tabs (issue 10, reproductions 1, 2 and 8), in real Chromium: two pages of one
 * browser context (one IndexedDB, real Web Locks and BroadcastChannel) on the built dist/parley.js,
 * against the local PocketPing server. Every "exactly once" is counted from the server's stored rows.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();

const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
/**
 * The texts the server stored for the session, one per message id: a message sent twice is stored
 * twice, under two ids (the server's `/read` saves a read row again under the same id: quirk §8.6).
 */
const storedRows = (sessionId: string) => [...new Map(e2e.pp.messages(sessionId).map((message) => [message.id, message.content])).values()];
const streamOpen = (sessionId: string) => until(() => e2e.pp.pp.connections.has(sessionId), 'the owner tab holds the stream');

/** A page of the context on the script-tag host page (fast reconnects), with its errors recorded. */
async function openPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // The browser's own reports of refused connections (the server is down on purpose) are not the widget's errors.
  const networkNoise = /WebSocket connection to|Failed to load resource|net::ERR_/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !networkNoise.test(message.text())) errors.push(message.text());
  });
  await page.goto(e2e.web.url + '/script-tag.html');
  return page;
}

/** The launcher's accessible description ("2 unread", or empty). */
const badge = (page: Page) => () =>
  page.getByRole('button', { name: 'Open chat' }).evaluate((launcher) => {
    const ids = launcher.getAttribute('aria-describedby');
    return ids ? ids.split(' ').map((id) => (launcher.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '').join(' ') : '';
  });

describe('one visitor in two tabs', () => {
  it('reproduction 1: what a tab queued while its link was down reaches the server once after it is closed', async () => {
    const { context } = await e2e.tab();
    const errors: string[] = [];
    const tabA = await openPage(context, errors);
    await openChat(tabA);
    await send(tabA, 'Before the outage');
    const s = await session();
    await until(() => storedRows(s.id).length === 1, 'the first message stored');
    const tabB = await openPage(context, errors);
    await streamOpen(s.id);

    await e2e.pp.stop(); // tab A (the owner) loses its link
    try {
      await send(tabA, 'Queued one');
      await send(tabA, 'Queued two');
      await expect.poll(shown(tabA, 'Queued two')).toBe(1);
      await tabA.close(); // closed with both messages unsent
    } finally {
      await e2e.pp.restart();
    }

    await until(() => storedRows(s.id).length === 3, 'the queued messages stored, through tab B', 15_000);
    await streamOpen(s.id);
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Operator, to tab B');
    await openChat(tabB);
    await expect.poll(shown(tabB, 'Operator, to tab B'), { timeout: 8000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a wrong second send
    expect(storedRows(s.id)).toEqual(['Before the outage', 'Queued one', 'Queued two', 'Operator, to tab B']);
    for (const text of ['Before the outage', 'Queued one', 'Queued two']) expect(await shown(tabB, text)()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reproduction 2: a tab opened while the link is down sends nothing twice when the link is back', async () => {
    const { context } = await e2e.tab();
    const errors: string[] = [];
    const tabA = await openPage(context, errors);
    await openChat(tabA);
    await send(tabA, 'Hello');
    const s = await session();
    await until(() => storedRows(s.id).length === 1, 'the first message stored');

    await e2e.pp.stop();
    let tabC: Page;
    try {
      await send(tabA, 'Queued one');
      await send(tabA, 'Queued two');
      tabC = await openPage(context, errors);
      await openChat(tabC);
      await expect.poll(shown(tabC, 'Queued two'), { timeout: 8000 }).toBe(1); // the new tab shows the queue...
    } finally {
      await e2e.pp.restart();
    }
    await until(() => storedRows(s.id).length === 3, 'the queued messages stored', 15_000);
    // ...and after the owner tab closes, the new owner sends nothing again.
    await tabA.close();
    await send(tabC, 'From tab C');
    await until(() => storedRows(s.id).length === 4, 'the message of tab C stored', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(storedRows(s.id)).toEqual(['Hello', 'Queued one', 'Queued two', 'From tab C']);
    for (const text of ['Queued one', 'Queued two', 'From tab C']) expect(await shown(tabC, text)()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reproduction 8: opening the window in one tab clears the badge of the other, and the count survives a reload', async () => {
    const { context } = await e2e.tab();
    const errors: string[] = [];
    const tabA = await openPage(context, errors);
    await openChat(tabA);
    await send(tabA, 'Any news?');
    const s = await session();
    await until(() => storedRows(s.id).length === 1, 'the message stored');
    await tabA.getByRole('button', { name: 'Close chat' }).click();
    const tabB = await openPage(context, errors);
    await streamOpen(s.id);

    await e2e.pp.pp.sendOperatorMessage(s.id, 'First answer');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Second answer');
    await expect.poll(badge(tabA), { timeout: 8000 }).toBe('2 unread messages');
    await expect.poll(badge(tabB), { timeout: 8000 }).toBe('2 unread messages');

    await openChat(tabA);
    await expect.poll(badge(tabB), { timeout: 8000 }).toBe('');
    await tabA.getByRole('button', { name: 'Close chat' }).click();
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Third answer');
    await expect.poll(badge(tabB), { timeout: 8000 }).toBe('1 unread message');
    await expect.poll(badge(tabA), { timeout: 8000 }).toBe('1 unread message');

    await tabB.reload();
    await expect.poll(badge(tabB), { timeout: 8000 }).toBe('1 unread message');
    await tabA.reload(); // the owner: tab B takes the link over
    await expect.poll(badge(tabA), { timeout: 8000 }).toBe('1 unread message');
    await openChat(tabB);
    await expect.poll(badge(tabA), { timeout: 8000 }).toBe('');
    expect(errors).toEqual([]);
  });
});
