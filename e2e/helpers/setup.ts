/**
 * Per-file e2e fixture: one Chromium, one static server (dist/ + e2e/pages/) and one PocketPing
 * server for the whole file; a fresh browser context per test (closed after it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { launchBrowser, openTab, type Tab } from './browser';
import { ROOT, startStaticServer, type StaticServer } from './static';

export const SCREENSHOTS = join(ROOT, 'reports/screenshots');

export interface E2E {
  browser: Browser;
  web: StaticServer;
  pp: PocketPingServer;
  /** A new context + page; closed after the test. */
  tab(options?: BrowserContextOptions): Promise<Tab>;
  /** Saves `reports/screenshots/<name>.png`. */
  shot(page: Page, name: string): Promise<void>;
}

export function useE2E(ppOptions: Record<string, unknown> = {}): E2E {
  const open: Tab[] = [];
  const ctx = {
    async tab(options?: BrowserContextOptions) {
      const t = await openTab(ctx.browser, options);
      open.push(t);
      return t;
    },
    async shot(page: Page, name: string) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
  } as E2E;
  beforeAll(async () => {
    // The e2e tests exercise the built files, never the sources.
    for (const f of ['dist/parley.js', 'dist/npm/index.js', 'dist/npm/element.js']) {
      if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` before the e2e tests`);
    }
    [ctx.browser, ctx.web, ctx.pp] = await Promise.all([launchBrowser(), startStaticServer(), startPocketPingServer({ port: 0, ...ppOptions })]);
    ctx.web.vars.ENDPOINT = ctx.pp.endpoint;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.context.close()));
    ctx.pp?.reset();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.web?.close();
    await ctx.pp?.stop();
  });
  return ctx;
}

/** Polls `fn` until it returns a truthy value (bounded by time), for server-side state. */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<NonNullable<Awaited<T>>> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000; i++) {
    const v = await fn();
    if (v) return v as NonNullable<Awaited<T>>;
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
