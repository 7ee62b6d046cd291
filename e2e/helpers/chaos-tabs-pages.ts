/**
 * Tabs of one visitor for the multi-tab chaos suite: pages of one browser context (one IndexedDB, real
 * Web Locks and BroadcastChannel) on the built dist/parley.js, started with `Parley.init` for a backend.
 * Each tab records its errors (console, uncaught, the widget's `error` events) and can be cut off the
 * network, frozen, or made to stop answering, on its own, through the Chrome DevTools Protocol.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ChaosBackend } from './chaos-tabs-backends';

/** A widget `error` event as the page saw it. */
export interface WidgetError {
  code: string;
  message: string;
  texts?: string[];
}

export interface ChaosTab {
  page: Page;
  /** Console errors and uncaught exceptions of the page (the browser's own network reports left out). */
  errors: string[];
  /** The widget's `error` events (read from the page). */
  widgetErrors(): Promise<WidgetError[]>;
  /** The texts of the rows in the message list (the window must be open). */
  rows(): Promise<string[]>;
  /** The widget's status (`connecting`, `online`, ...). */
  status(): Promise<string>;
  /** Every status the widget went through, in order. */
  statuses(): Promise<string[]>;
  /** Reloads the page and starts the widget again. */
  reload(): Promise<void>;
  /** Cuts this tab alone off the network (HTTP and WebSockets), or puts it back. */
  setOffline(offline: boolean): Promise<void>;
  /** Freezes this tab as the browser does to a background tab (`freeze` event, no timers, no tasks), or resumes it. */
  setFrozen(frozen: boolean): Promise<void>;
}

/** The browser's own reports of refused connections (servers are cut on purpose) are not the widget's errors. */
const NETWORK_NOISE = /WebSocket connection to|Failed to load resource|net::ERR_|ERR_INTERNET_DISCONNECTED/;

declare global {
  interface Window {
    chaos: { errors: WidgetError[]; status: string; statuses: string[] };
  }
}

/** Opens a tab of the context on the API host page and starts the widget for `backend`. */
export async function openChaosTab(context: BrowserContext, webUrl: string, backend: ChaosBackend): Promise<ChaosTab> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !NETWORK_NOISE.test(message.text())) errors.push(message.text());
  });
  const start = () => page.evaluate((config) => {
    window.chaos = { errors: [], status: 'idle', statuses: [] };
    window.Parley.on('error', (error) => {
      const texts = (error as { texts?: readonly string[] }).texts;
      window.chaos.errors.push({ code: error.code, message: error.message, texts: texts && [...texts] });
    });
    window.Parley.on('status', (status) => {
      window.chaos.status = status;
      window.chaos.statuses.push(status);
    });
    window.Parley.init(config);
  }, backend.config);
  await page.goto(webUrl + '/api.html');
  await start();
  let cdp: CDPSession | undefined;
  const devtools = async () => (cdp ??= await context.newCDPSession(page));
  return {
    page,
    errors,
    widgetErrors: () => page.evaluate(() => window.chaos.errors),
    rows: () => page.getByRole('log').locator('.message .message-text').allTextContents(),
    status: () => page.evaluate(() => window.chaos.status),
    statuses: () => page.evaluate(() => window.chaos.statuses),
    async reload() {
      await page.reload();
      await start();
    },
    async setOffline(offline) {
      const session = await devtools();
      await session.send('Network.enable');
      await session.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    },
    async setFrozen(frozen) {
      await (await devtools()).send('Page.setWebLifecycleState', { state: frozen ? 'frozen' : 'active' });
    },
  };
}

/** Opens the chat window of a tab (the launcher), and waits for the dialog. */
export async function openWindow(tab: ChaosTab): Promise<void> {
  await tab.page.evaluate(() => window.Parley.open());
  await tab.page.getByRole('dialog').waitFor({ timeout: 8000 });
}

/** Types `text` into the tab's composer and presses Enter. */
export async function typeAndSend(tab: ChaosTab, text: string): Promise<void> {
  const input = tab.page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
}

/** The launcher's accessible description (`2 unread messages`, or empty). */
export const badge = (tab: ChaosTab) => () =>
  tab.page.getByRole('button', { name: 'Open chat' }).evaluate((launcher) => {
    const ids = launcher.getAttribute('aria-describedby');
    return ids ? ids.split(' ').map((id) => (launcher.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '').join(' ') : '';
  });

/**
 * Clicks every Retry the tab shows (a message whose attempts ran out while the tab was offline is
 * `failed`, with a visible Retry: the visitor's part). Returns how many it clicked.
 */
export async function retryFailed(tab: ChaosTab): Promise<number> {
  const buttons = tab.page.getByRole('log').getByRole('button', { name: 'Retry' });
  const count = Math.min(await buttons.count(), 10);
  for (let clicked = 0; clicked < count; clicked++) await buttons.first().click();
  return count;
}
