/**
 * Storage faults in a real browser (Chromium, built dist/): whatever a corrupted `parley` database
 * holds, and even when `indexedDB.open` never answers, the widget boots, shows what is valid and
 * chats, with no error thrown at the host page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();

const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
const stored = (id: string) => e2e.pp.messages(id).map((m) => m.content);
const waitStored = (id: string, text: string) => until(() => stored(id).includes(text), `"${text}" on the server`);

async function init(page: Page) {
  await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, pollInterval: 400 }));
}

const status = (page: Page) => () => page.evaluate(() => (document.querySelector('parley-chat') as unknown as { chat?: { status: { value: string } } }).chat?.status.value);

/** Which record a corruption replaces: the visitor, its conversation, or a new queued record next to it. */
type Target = 'visitor' | 'chat' | 'outbox';

/**
 * Writes `value` over the record of `target` in Parley's database (`KEEP_AND_NULL`: the current
 * conversation with a `null` message in front), and `extra` next to it. Runs on a page where the
 * widget is not started, so nothing writes over it.
 */
function corrupt(page: Page, target: Target, value: unknown, extra?: { key: string; value: unknown }) {
  return page.evaluate(
    async ({ target, value, extra }) => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('parley');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const done = (request: IDBRequest) => new Promise((resolve) => (request.onsuccess = () => resolve(request.result)));
      const store = database.transaction('cache', 'readwrite').objectStore('cache');
      const keys = (await done(store.getAllKeys())) as string[];
      const chatKey = keys.find((key) => key.endsWith('/chat'))!;
      const key = target === 'visitor' ? keys.find((key) => key.endsWith('/visitor'))! : target === 'chat' ? chatKey : chatKey.replace(/chat$/, 'outbox/corrupt');
      const current = await done(store.get(chatKey));
      const written = value === 'KEEP_AND_NULL' ? { ...(current as object), messages: [null, ...(current as { messages: unknown[] }).messages] } : value;
      await done(store.put(written, key));
      if (extra) await done(store.put(extra.value, chatKey.replace(/chat$/, extra.key)));
      database.close();
      return key;
    },
    { target, value, extra },
  );
}

/** A first visit that leaves a conversation in the cache; returns the server session id. */
async function firstVisit(page: Page, text: string) {
  await page.goto(e2e.web.url + '/api.html');
  await init(page);
  await openChat(page);
  await send(page, text);
  const s = await session();
  await waitStored(s.id, text);
  await e2e.pp.pp.sendOperatorMessage(s.id, `Answer to ${text}`);
  await expect.poll(shown(page, `Answer to ${text}`)).toBe(1);
  await page.waitForTimeout(500); // the burst write of the list
  // Back on the page without the widget started, to corrupt the database.
  await page.goto(e2e.web.url + '/api.html');
  return s.id;
}

/** Reloads, starts the widget, and checks it comes online and chats. */
async function bootsAndChats(page: Page, text: string) {
  await page.reload();
  await init(page);
  await expect.poll(status(page), { timeout: 10_000 }).toBe('online');
  await openChat(page);
  await send(page, text);
  await until(() => e2e.pp.sessions().some((s) => stored(s.id).includes(text)), `"${text}" on the server`);
  await expect.poll(() => page.getByRole('log').getByText(text, { exact: true }).count()).toBe(1);
}

describe('a corrupted parley database', () => {
  const shapes: [name: string, target: Target, value: unknown][] = [
    ['visitor record "garbage"', 'visitor', 'garbage'],
    ['visitor record 42', 'visitor', 42],
    ['conversation "garbage"', 'chat', 'garbage'],
    ['conversation {messages: "not a list"}', 'chat', { messages: 'not a list' }],
  ];
  for (const [name, target, value] of shapes) {
    it(`boots and chats with a ${name}`, async () => {
      const { page, errors } = await e2e.tab();
      await firstVisit(page, 'before the corruption');
      await corrupt(page, target, value);
      await bootsAndChats(page, 'after the corruption');
      expect(errors).toEqual([]);
    });
  }

  it('shows the valid messages of {messages: [null, ...valid]} and chats', async () => {
    const { page, errors } = await e2e.tab();
    const id = await firstVisit(page, 'kept message');
    await corrupt(page, 'chat', 'KEEP_AND_NULL');
    await e2e.pp.stop(); // what shows comes from the cache
    try {
      await page.reload();
      await init(page);
      await openChat(page);
      await expect.poll(shown(page, 'Answer to kept message')).toBe(1);
      expect(await shown(page, 'kept message')()).toBe(1);
    } finally {
      await e2e.pp.restart();
    }
    await expect.poll(status(page), { timeout: 15_000 }).toBe('online');
    await send(page, 'after the restart');
    await waitStored(id, 'after the restart');
    // The browser's own line for the refused connection while the server was down; nothing else.
    expect(errors.filter((error) => !error.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  });

  it('discards a queued message whose text is a number and sends the valid queued one once', async () => {
    const { page, errors } = await e2e.tab();
    const id = await firstVisit(page, 'first');
    const queued = (clientId: string, text: unknown) => ({
      version: 1,
      message: { id: clientId, clientId, text, sender: 'visitor', createdAt: new Date().toISOString(), status: 'sending' },
    });
    await corrupt(page, 'outbox', queued('corrupt', 42), { key: 'outbox/good', value: queued('good', 'queued before the reload') });
    await bootsAndChats(page, 'after the reload');
    await waitStored(id, 'queued before the reload');
    expect(stored(id).filter((text) => text === 'queued before the reload')).toHaveLength(1);
    expect(await shown(page, 'queued before the reload')()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('indexedDB.open that never answers', () => {
  it('falls back to memory: the widget comes online and chats', async () => {
    const { page, context, errors } = await e2e.tab();
    await context.addInitScript(() => {
      // A request whose callbacks never fire, as in some browsers' private modes.
      indexedDB.open = () => ({}) as IDBOpenDBRequest;
    });
    await page.goto(e2e.web.url + '/api.html');
    await init(page);
    await expect.poll(status(page), { timeout: 10_000 }).toBe('online');
    await openChat(page);
    await send(page, 'no storage at all');
    const s = await session();
    await waitStored(s.id, 'no storage at all');
    await expect.poll(() => page.getByRole('log').getByText('no storage at all', { exact: true }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
