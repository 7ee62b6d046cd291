/**
 * Real headless Chromium (Debian's) through playwright-core: one browser per test file, a fresh
 * context per test. Console errors and uncaught page errors are recorded so tests can assert there
 * were none.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';

/** Launches CHROMIUM_PATH or Debian's chromium; without either, fails with what to install or set. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** A page plus what went wrong on it. */
export interface Tab {
  page: Page;
  context: BrowserContext;
  /** `console.error` texts and uncaught exceptions, in order. */
  errors: string[];
  /** Every console message as `type: text`. */
  logs: string[];
}

export async function openTab(browser: Browser, options: BrowserContextOptions = {}): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const tab: Tab = { page, context, errors: [], logs: [] };
  page.on('console', (m) => {
    tab.logs.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') tab.errors.push(m.text());
  });
  page.on('pageerror', (e) => tab.errors.push(`pageerror: ${e.message}`));
  return tab;
}
