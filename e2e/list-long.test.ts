/**
 * Long and busy conversations, as a visitor sees them: 5,000 cached messages open on the newest with a
 * bounded number of rows, older ones come back by keyboard ("Earlier messages") and by scrolling up,
 * in order; a burst of 500 operator messages shows each once, in order, and is marked read in a few
 * batches, not one `/read` per message (counted by the server).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { focused, openChat, send, shown } from './helpers/widget';

/** Requests the server received, as `METHOD path`. */
const requests: string[] = [];
const e2e = useE2E({ log: (method: unknown, url: unknown) => void requests.push(`${String(method)} ${String(url)}`) });
const readRequests = () => requests.filter((request) => /^POST \S*\/read\b/.test(request)).length;

const CACHED = 5000;
const DAY_MS = 24 * 3600_000;

/** How many message rows the log holds (its DOM, not the conversation). */
const rows = (page: Page) => page.getByRole('log').locator('.message').count();

/** Texts of the rows in the log that start with `prefix`, top to bottom. */
const texts = (page: Page, prefix: string) =>
  page
    .getByRole('log')
    .locator('.message-text')
    .evaluateAll((nodes, prefix) => nodes.map((node) => node.textContent ?? '').filter((text) => text.startsWith(prefix)), prefix);

/** Replaces the cached history of this page's visitor with `count` messages spread over the last days. */
async function seedCache(page: Page, count: number) {
  await page.evaluate(
    async ({ count, dayMs }) => {
      const request = <T,>(action: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          action.onsuccess = () => resolve(action.result);
          action.onerror = () => reject(action.error);
        });
      const database = await request(indexedDB.open('parley'));
      const read = database.transaction('cache').objectStore('cache');
      const keys = (await request(read.getAllKeys())) as string[];
      const key = keys.find((each) => each.endsWith('/chat'));
      if (!key) throw new Error('no cached conversation');
      const record = await request(database.transaction('cache').objectStore('cache').get(key));
      const first = Date.now() - 3 * dayMs;
      record.messages = Array.from({ length: count }, (_, n) => ({
        id: `cached-${n}`,
        text: `cached ${n}`,
        sender: n % 3 ? 'agent' : 'visitor',
        createdAt: new Date(first + n * ((2 * dayMs) / count)).toISOString(),
        status: n % 3 ? undefined : 'read',
      }));
      record.hasOlder = false;
      await request(database.transaction('cache', 'readwrite').objectStore('cache').put(record, key));
      database.close();
    },
    { count, dayMs: DAY_MS },
  );
}

/** A conversation on the server, written to the cache (the page's first message). */
async function startConversation(page: Page, text: string) {
  await page.goto(e2e.web.url + '/script-tag.html');
  await openChat(page);
  await send(page, text);
  const session = await until(() => e2e.pp.sessions().at(-1), 'a session');
  await until(() => e2e.pp.messages(session.id).some((message) => message.content === text), 'the message on the server');
  // The confirmed message is written to the cache.
  await page.waitForTimeout(500);
  return session;
}

describe('a conversation of 5,000 cached messages', () => {
  it('opens on the newest with a bounded number of rows; older ones come back by keyboard and by scrolling, in order', { timeout: 60_000 }, async () => {
    const { page } = await e2e.tab();
    await startConversation(page, 'Hello from before');
    await seedCache(page, CACHED);
    await page.reload();
    await openChat(page);

    await expect.poll(shown(page, `cached ${CACHED - 1}`)).toBe(1);
    await expect.poll(shown(page, 'Hello from before')).toBe(1);
    expect(await rows(page)).toBeLessThanOrEqual(200);
    expect(await shown(page, 'cached 0')()).toBe(0);

    // Keyboard: the button at the top of the log shows earlier messages; focus stays on it.
    const earlier = page.getByRole('button', { name: 'Earlier messages' });
    await earlier.focus();
    const before = (await texts(page, 'cached '))[0]!;
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await texts(page, 'cached '))[0]).not.toBe(before);
    expect(await focused(earlier)).toBe(true);
    const afterKeyboard = await texts(page, 'cached ');
    expect(Number(afterKeyboard[0]!.split(' ')[1])).toBeLessThan(Number(before.split(' ')[1]));

    // Scrolling up renders older ones above, in order (5 scrolls to the top, 100 more each).
    const log = page.getByRole('log');
    const topText = () => log.evaluate((element) => element.querySelector('.message-text')?.textContent);
    for (let attempt = 0; attempt < 5; attempt++) {
      const top = await topText();
      await log.evaluate((element) => element.scrollTo({ top: -element.scrollHeight }));
      await expect.poll(topText).not.toBe(top);
    }
    const rendered = await texts(page, 'cached ');
    const first = Number(rendered[0]!.split(' ')[1]);
    expect(first).toBeLessThan(Number(afterKeyboard[0]!.split(' ')[1]) - 400);
    expect(rendered).toEqual(Array.from({ length: CACHED - first }, (_, n) => `cached ${first + n}`));
    // The view stays where the visitor scrolled: the revealed rows are above it, not in its place.
    expect(await log.evaluate((element) => element.scrollHeight - element.clientHeight + element.scrollTop)).toBeGreaterThan(1000);
    expect(await shown(page, 'Hello from before')()).toBe(1);
  });

  it('keeps keyboard focus in the log when moving focus to "Earlier messages" brings the rest and the button goes', async () => {
    const { page } = await e2e.tab();
    await startConversation(page, 'Hello from before');
    await seedCache(page, 120); // more than the rendered window, fewer than one reveal
    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'cached 119')).toBe(1);
    expect(await shown(page, 'cached 0')()).toBe(0);

    // Focus moves to the button (as a screen reader's list of buttons moves it): the browser scrolls it into
    // view, that scroll renders the rest, and the button goes.
    const earlier = page.getByRole('button', { name: 'Earlier messages' });
    await earlier.focus();
    await expect.poll(shown(page, 'cached 0')).toBe(1);
    await expect.poll(() => earlier.count()).toBe(0);
    // Focus is in the log, not lost to the page.
    expect(await focused(page.getByRole('log'))).toBe(true);
    expect(await texts(page, 'cached ')).toEqual(Array.from({ length: 120 }, (_, n) => `cached ${n}`));
  });
});

describe('a burst of 500 operator messages', () => {
  it('shows each once, in order, and marks them read in a few batches', { timeout: 90_000 }, async () => {
    const { page } = await e2e.tab();
    const session = await startConversation(page, 'Tell me everything');
    // Every row text added to the log, in the order the page added them.
    await page.getByRole('log').evaluate((log) => {
      const added: string[] = [];
      (window as unknown as { added: string[] }).added = added;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof HTMLElement) for (const text of node.querySelectorAll('.message-text')) added.push(text.textContent ?? '');
      }).observe(log, { childList: true, subtree: true });
    });
    // Every paragraph added to the announcer (the polite live region outside the log), in order.
    await page.locator('parley-chat [aria-live="polite"]:not(.older-status)').evaluate((region) => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLElement) spoken.push(node.textContent ?? '');
      }).observe(region, { childList: true });
    });
    const readsBefore = readRequests();
    // The ids the page marks read (the server counts the requests).
    const readIds: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/read\b/.test(request.url())) readIds.push(...((request.postDataJSON() as { messageIds?: string[] }).messageIds ?? []));
    });
    const burst = Array.from({ length: 500 }, (_, n) => `burst ${n}`);
    const startedAt = Date.now();
    for (const [n, text] of burst.entries()) {
      await e2e.pp.pp.sendOperatorMessage(session.id, text);
      // About 500 in a second.
      if (n % 50 === 49) await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + ((n + 1) / 500) * 1000 - Date.now())));
    }
    await expect.poll(shown(page, 'burst 499'), { timeout: 20_000 }).toBe(1);
    // However few rows a frame added, they fill the log: it scrolls, no empty space above the newest.
    expect(await page.getByRole('log').evaluate((log) => log.scrollHeight > log.clientHeight)).toBe(true);
    // Rows are added in order and never twice (a frame may bring more than the window: those wait above).
    const added = await page.evaluate(() => (window as unknown as { added: string[] }).added.filter((text) => text.startsWith('burst ')));
    const numbers = added.map((text) => Number(text.split(' ')[1]));
    expect(numbers.every((number, at) => at === 0 || number > numbers[at - 1]!)).toBe(true);
    // The rows on screen are the newest, in order, each once; the log stays bounded.
    const onScreen = await texts(page, 'burst ');
    expect(onScreen).toEqual(burst.slice(-onScreen.length));
    expect(await rows(page)).toBeLessThanOrEqual(200);
    // Screen readers hear each one once, in order (the announcer adds a frame's messages together).
    const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken.filter((words) => /: burst \d+$/.test(words)));
    expect(spoken.map((words) => words.split(': ')[1])).toEqual(burst);
    // "Earlier messages" brings back the rest: all 500, in order, once each (bounded: 10 presses).
    const earlier = page.getByRole('button', { name: 'Earlier messages' });
    for (let press = 0; press < 10 && (await shown(page, 'burst 0')()) === 0; press++) {
      // A click first scrolls the button into view, and scrolling near the top renders older rows too: with the
      // last of them the button goes before it is pressed.
      await earlier.click({ timeout: 5000 }).catch(async (error: Error) => {
        if ((await earlier.count()) > 0 || (await shown(page, 'burst 0')()) === 0) throw error;
      });
      await page.getByRole('log').evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    expect(await texts(page, 'burst ')).toEqual(burst);
    // Read marks: every message is marked read, in far fewer requests than messages.
    await expect.poll(() => new Set(readIds).size, { timeout: 15_000 }).toBeGreaterThanOrEqual(500);
    const reads = readRequests() - readsBefore;
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(50);
  });
});
