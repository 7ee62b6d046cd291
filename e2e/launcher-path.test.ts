/**
 * The launcher path (issue 11): `dist/parley.js` shows the launcher at once, without waiting for the
 * chat (`dist/parley-chat.js`), the backend's file, a language file or IndexedDB; those come when the
 * browser is idle after `load`, or at once when the visitor opens the window. The window
 * (`dist/parley-ui.js`) comes only when needed: the visitor opens it or points at the launcher, the
 * host opens it, or a message is unread.
 */
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
const stored = (id: string) => e2e.pp.messages(id).map((m) => m.content);

/** Requests for Parley's on-demand files that stay unanswered until `release()`. */
async function holdFiles(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route(/\/dist\/parley-(chat|ui|pocketping|locale-\w+)\.js$/, (route) => (released ? route.continue() : held.push(route)));
  return {
    held: () => held.map((route) => new URL(route.request().url()).pathname).sort(),
    release: async () => {
      released = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

/**
 * `indexedDB.open` whose request answers only once the page calls `releaseIndexedDB()`: until then
 * nothing fires, as when a busy or broken IndexedDB keeps a page waiting.
 */
const holdIndexedDB = () => {
  const realOpen = IDBFactory.prototype.open;
  const waiting: (() => void)[] = [];
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
    let real: IDBOpenDBRequest | undefined;
    const stand: Record<string, unknown> = {
      get result() {
        return real?.result;
      },
      get error() {
        return real?.error;
      },
      get transaction() {
        return real?.transaction;
      },
    };
    waiting.push(() => {
      real = realOpen.apply(this, args);
      for (const type of ['upgradeneeded', 'success', 'error', 'blocked'])
        real.addEventListener(type, (event) => (stand['on' + type] as ((event: Event) => void) | undefined)?.(event));
    });
    return stand as unknown as IDBOpenDBRequest;
  };
  (window as unknown as { releaseIndexedDB: () => void }).releaseIndexedDB = () => {
    IDBFactory.prototype.open = realOpen;
    for (const open of waiting.splice(0)) open();
  };
};

const scriptsLoaded = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType == 'script')
      .map((entry) => new URL(entry.name).pathname)
      .sort(),
  );

describe('the launcher path', () => {
  it('shows the launcher while the chat, backend and language files and IndexedDB do not answer; opening works once they do', async () => {
    const { page, context, errors } = await e2e.tab({ locale: 'fr-FR' });
    await context.addInitScript(holdIndexedDB);
    const files = await holdFiles(page);
    await page.goto(e2e.web.url + '/script-tag.html');
    // Named in English until the French strings are here; nothing else is needed to show it.
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    // Once the page is idle, the rest is asked for (and still held).
    await expect.poll(files.held).toEqual(['/dist/parley-chat.js', '/dist/parley-locale-fr.js', '/dist/parley-pocketping.js']);
    expect(await launcher.isVisible()).toBe(true);

    // The visitor clicks meanwhile: the window opens as soon as the files and IndexedDB answer.
    await launcher.click();
    await files.release();
    await page.evaluate(() => (window as unknown as { releaseIndexedDB: () => void }).releaseIndexedDB());
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await page.getByRole('button', { name: 'Fermer le chat' }).waitFor();
    await send(page, 'Bonjour, enfin');
    const s = await session();
    await until(() => stored(s.id).includes('Bonjour, enfin'), 'the message on the server');
    expect(errors).toEqual([]);
  });

  it('loads the chat on idle after load and the window only when the visitor points at the launcher; then it opens at once', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    // Nobody clicked: the chat's file and the backend's came when the page was idle, the window's did not.
    await expect.poll(() => scriptsLoaded(page)).toEqual(['/dist/parley-chat.js', '/dist/parley-pocketping.js', '/dist/parley.js']);
    const s = await session();
    expect(await scriptsLoaded(page)).not.toContain('/dist/parley-ui.js');
    // Pointing at the launcher fetches the window ahead of the click, and renders it (hidden: no dialog yet).
    await launcher.hover();
    await expect.poll(() => scriptsLoaded(page)).toContain('/dist/parley-ui.js');
    await expect.poll(() => page.locator('.panel').count()).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await launcher.click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.count()).toBe(1);
    // Focus moved into the window, as on any open.
    await expect.poll(() => composer.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement == el)).toBe(true);
    await send(page, 'Hello after a hover');
    await until(() => stored(s.id).includes('Hello after a hover'), 'the message on the server');
    expect(errors).toEqual([]);
  });

  it('opens the window when the host calls open() before the window is loaded, and moves focus into it', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await expect.poll(() => scriptsLoaded(page)).toContain('/dist/parley-chat.js');
    await page.evaluate(() => window.Parley.open());
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => composer.count()).toBe(1);
    await expect.poll(() => composer.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement == el)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('fetches the tab election of a browser without Web Locks only there, where two tabs still share one link', async () => {
    const { page, context, errors } = await e2e.tab();
    // A browser without the Web Locks API (Safari before 15.4).
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true }));
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'From the first tab');
    const s = await session();
    await until(() => stored(s.id).includes('From the first tab'), 'the first message on the server');
    expect(await scriptsLoaded(page)).toContain('/dist/parley-lease.js');
    const streams = e2e.pp.streamRequests();

    const second = await context.newPage();
    await second.goto(e2e.web.url + '/script-tag.html');
    await openChat(second);
    // The second tab shows the conversation the first tab holds the link for, and hands its send over.
    await expect.poll(shown(second, 'From the first tab')).toBe(1);
    await send(second, 'From the second tab');
    await until(() => stored(s.id).includes('From the second tab'), 'the second message on the server');
    await expect.poll(shown(page, 'From the second tab')).toBe(1);
    expect(stored(s.id).filter((text) => text.startsWith('From the'))).toEqual(['From the first tab', 'From the second tab']);
    expect(e2e.pp.streamRequests()).toBe(streams);
    expect(errors).toEqual([]);
  });

  it('leaves the tab election file alone in a browser with Web Locks', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await expect.poll(() => scriptsLoaded(page)).toContain('/dist/parley-chat.js');
    await session();
    expect(await scriptsLoaded(page)).not.toContain('/dist/parley-lease.js');
    expect(errors).toEqual([]);
  });

  it('counts an operator message that comes while the window has never been opened on the launcher, and announces it', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/api.html');
    await page.evaluate(() => {
      window.Parley.on('unread', (n) => ((window as unknown as { unread: number }).unread = n));
      window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, connect: 'eager' });
    });
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    const s = await session();
    // The closed widget runs without its window's code; the message brings it.
    expect(await scriptsLoaded(page)).not.toContain('/dist/parley-ui.js');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Hello from the operator');
    const description = () =>
      launcher.evaluate((el) => {
        const ids = el.getAttribute('aria-describedby');
        return ids ? ids.split(' ').map((id) => (el.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '').join(' ') : '';
      });
    await expect.poll(description).toBe('1 unread message');
    expect(await page.evaluate(() => (window as unknown as { unread: number }).unread)).toBe(1);
    // The announcer (a live region) says it while the window is closed.
    await expect.poll(() => page.locator('parley-chat [aria-live="polite"]').textContent()).toContain('Hello from the operator');
    await launcher.click();
    await expect.poll(shown(page, 'Hello from the operator')).toBe(1);
    expect(errors).toEqual([]);
  });
});
