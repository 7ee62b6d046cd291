/**
 * Older history from the server (Genesys guest chat pages its history): scrolling to the top of the list
 * loads the next older page by itself, with a visible loading row and a polite status for screen readers;
 * the "Earlier messages" button stays for keyboard users. Each message shows once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startGenesysServer, type GenesysServer } from '../servers/genesys/index.js';
import { WINDOW_ROWS } from '../src/ui/components/list-window';
import { control } from './helpers/control';
import { until, useE2E } from './helpers/setup';
import { focused, openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
let gs: GenesysServer;

beforeAll(async () => {
  gs = await startGenesysServer({ port: 0 });
  e2e.web.vars.GENESYS = gs.apiUrl;
});
afterAll(() => gs?.stop());

const SAID = 260;
const label = (n: number) => `older ${String(n).padStart(3, '0')}`;

const agent = (id: string, action: string, body: Record<string, unknown> = {}) => control(gs.url, `/test/conversations/${id}/${action}`, body);
const conversationIds = async () => (await control<{ id: string; routed: boolean }[]>(gs.url, '/test/conversations')).filter((c) => c.routed).map((c) => c.id);

/** Texts of the rows in the log that start with "older ", top to bottom. */
const olderTexts = (page: Page) =>
  page
    .getByRole('log')
    .locator('.message-text')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? '').filter((text) => text.startsWith('older ')));

/** Keeps only the newest `kept` messages of this visitor's cached conversation (older ones are on the server). */
async function trimCache(page: Page, kept: number) {
  await page.evaluate(async (kept) => {
    const request = <T,>(action: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        action.onsuccess = () => resolve(action.result);
        action.onerror = () => reject(action.error);
      });
    const database = await request(indexedDB.open('parley'));
    const keys = (await request(database.transaction('cache').objectStore('cache').getAllKeys())) as string[];
    const key = keys.find((each) => each.endsWith('/chat'));
    if (!key) throw new Error('no cached conversation');
    const record = await request(database.transaction('cache').objectStore('cache').get(key));
    record.messages = record.messages.slice(-kept);
    record.hasOlder = true;
    await request(database.transaction('cache', 'readwrite').objectStore('cache').put(record, key));
    database.close();
  }, kept);
}

describe('older history from the server', () => {
  it('loads the next older page when the visitor scrolls to the top, says so, and keeps the button for the keyboard', { timeout: 120_000 }, async () => {
    const { page } = await e2e.tab();
    const before = await conversationIds();
    await page.goto(e2e.web.url + '/genesys.html');
    await openChat(page);
    await send(page, 'Hello, a long story please');
    const id = await until(async () => (await conversationIds()).find((each) => !before.includes(each)), 'a new conversation');
    await agent(id, 'join', { name: 'Alex' });
    for (let n = 0; n < SAID; n++) await agent(id, 'say', { text: label(n) });
    await expect.poll(shown(page, label(SAID - 1)), { timeout: 20_000 }).toBe(1);
    await page.waitForTimeout(800); // the cache is written behind
    await trimCache(page, 20);

    // Older pages wait at a gate, so the loading row can be seen.
    let openGate: () => void = () => undefined;
    let olderRequests = 0;
    await page.route(
      (url) => url.searchParams.has('before'),
      async (route) => {
        olderRequests++;
        await new Promise<void>((resolve) => (openGate = resolve));
        await route.continue();
      },
    );
    await page.reload();
    await openChat(page);
    // The newest page of the server (100) joins the cached ones; the list renders the newest WINDOW_ROWS of them.
    await expect.poll(async () => (await olderTexts(page)).length, { timeout: 20_000 }).toBe(WINDOW_ROWS);
    const log = page.getByRole('log');
    const loadingRow = log.getByText('Loading earlier messages…');
    const status = (text: string) => page.locator('parley-chat .older-status').filter({ hasText: text }).count();

    // Scrolling to the top first shows the rest of what the widget has (no request)...
    await log.evaluate((element) => element.scrollTo({ top: -element.scrollHeight }));
    await expect.poll(async () => (await olderTexts(page)).length).toBe(100);
    expect(olderRequests).toBe(0);
    // ...then asks for the next page by itself, shows the loading row and says it.
    await log.evaluate((element) => element.scrollTo({ top: -element.scrollHeight }));
    await expect.poll(() => olderRequests).toBe(1);
    await expect.poll(() => loadingRow.count()).toBe(1);
    expect(await loadingRow.isVisible()).toBe(true);
    expect(await status('Loading earlier messages…')).toBe(1);
    expect(await page.getByRole('button', { name: 'Earlier messages' }).count()).toBe(1);
    openGate();
    await expect.poll(shown(page, label(110))).toBe(1);
    await expect.poll(() => loadingRow.count()).toBe(0);
    expect(await status('Earlier messages loaded')).toBe(1);
    // One page per arrival at the top: nothing more was asked meanwhile.
    await page.waitForTimeout(300);
    expect(olderRequests).toBe(1);
    // The visitor's view stayed where it was: the new page is above it, not in its place.
    expect(await log.evaluate((element) => element.scrollHeight - element.clientHeight + element.scrollTop)).toBeGreaterThan(500);

    // Once more by scrolling, then by keyboard until the first message (bounded: 6 presses).
    await log.evaluate((element) => element.scrollTo({ top: -element.scrollHeight }));
    await expect.poll(() => olderRequests).toBe(2);
    openGate();
    await expect.poll(shown(page, label(60))).toBe(1);
    const earlier = page.getByRole('button', { name: 'Earlier messages' });
    for (let press = 0; press < 6 && (await shown(page, label(0))()) === 0; press++) {
      const requested = olderRequests;
      await earlier.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => olderRequests).toBe(requested + 1);
      openGate();
      await expect.poll(() => loadingRow.count()).toBe(0);
    }
    expect(await shown(page, label(0))()).toBe(1);
    await expect.poll(() => earlier.count()).toBe(0);
    // The button went with the last page: keyboard focus is in the log, not lost.
    expect(await focused(log)).toBe(true);
    expect(await olderTexts(page)).toEqual(Array.from({ length: SAID }, (_, n) => label(n)));
    expect(await shown(page, 'Hello, a long story please')()).toBe(1);
  });
});
