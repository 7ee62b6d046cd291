/**
 * The fixture of the multi-tab chaos suite: one Chromium, one static server and the three backends for
 * the file; a fresh browser context per test (its tabs are one visitor), so the tests of the three
 * backends can run at once (most of their time is waiting: timeouts, backoffs, a quiet moment). And the one verdict every test
 * ends with: from the SERVER's stored rows, each expected text exactly once, in order, and the same rows
 * in every tab.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { BACKENDS, type BackendName, type ChaosBackend } from './chaos-tabs-backends';
import { openChaosTab, openWindow, typeAndSend, type ChaosTab } from './chaos-tabs-pages';
import { until } from './setup';
import { ROOT, startStaticServer, type StaticServer } from './static';

export const BACKEND_NAMES: BackendName[] = ['pocketping', 'genesys', 'pingstreams'];

/** A test's own `onTestFinished` (from its context: the global one cannot tell concurrent tests apart). */
export type OnFinished = (hook: () => Promise<void>) => void;

export interface ChaosSuite {
  backends: Record<BackendName, ChaosBackend>;
  /** A fresh context (one visitor): `open()` adds a tab of it. Closed when the test ends (`onFinished`: the test context's `onTestFinished`). */
  visitor(backend: ChaosBackend, onFinished: OnFinished): Promise<{ context: BrowserContext; open(): Promise<ChaosTab> }>;
}

export function useChaosTabs(): ChaosSuite {
  let browser: Browser;
  let web: StaticServer;
  const contexts: BrowserContext[] = [];
  const suite = { backends: {} } as ChaosSuite;
  suite.visitor = async (backend, onFinished) => {
    const context = await browser.newContext();
    contexts.push(context);
    // Closed when its own test ends (tests run at once: the hook is the test's own, from its context).
    onFinished(async () => {
      contexts.splice(contexts.indexOf(context), 1);
      await context.close();
    });
    return { context, open: () => openChaosTab(context, web.url, backend) };
  };
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/parley.js'))) throw new Error('dist/parley.js is missing: run `npm run build` before the e2e tests');
    const started = await Promise.all(BACKEND_NAMES.map((name) => BACKENDS[name]()));
    for (const backend of started) suite.backends[backend.name] = backend;
    [browser, web] = await Promise.all([launchBrowser(), startStaticServer()]);
  });
  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await web?.close();
    await Promise.all(Object.values(suite.backends).map((backend) => backend.close()));
  });
  return suite;
}

/** The conversation the server created after `before` (ids listed then) holding `text`, once it exists. */
export async function newConversation(backend: ChaosBackend, before: string[], text: string): Promise<string> {
  return until(async () => {
    for (const id of await backend.conversations()) {
      if (!before.includes(id) && (await backend.storedTexts(id)).includes(text)) return id;
    }
    return undefined;
  }, `a new ${backend.name} conversation with "${text}"`, 15_000);
}

/** Waits until the server stored every one of `texts` (at least once) in the conversation. */
export async function untilStored(backend: ChaosBackend, conversationId: string, texts: string[], timeoutMs = 15_000): Promise<void> {
  await until(async () => {
    const stored = await backend.storedTexts(conversationId);
    return texts.every((text) => stored.includes(text));
  }, `${texts.join(', ')} stored by ${backend.name}`, timeoutMs);
}

/**
 * The verdict: the server stored each of `expected` exactly once and in this order (0 lost, 0
 * duplicated, order kept), and every tab shows the same rows (after a quiet moment for a wrong resend).
 */
export async function expectNothingLost(backend: ChaosBackend, conversationId: string, expected: string[], tabs: ChaosTab[]): Promise<void> {
  await untilStored(backend, conversationId, expected);
  await new Promise((resolve) => setTimeout(resolve, 800)); // time for a wrong second send
  const stored = (await backend.storedTexts(conversationId)).filter((text) => expected.includes(text));
  expect(stored, `${backend.name} stored rows`).toEqual(expected);
  for (const tab of tabs) {
    await eventually(tab.rows, (rows) => expect(rows.filter((text) => expected.includes(text)), 'rows of a tab').toEqual(expected));
  }
}

/** The tabs' console errors and uncaught exceptions: none expected. */
export function expectNoPageErrors(tabs: ChaosTab[]): void {
  expect(tabs.flatMap((tab) => tab.errors)).toEqual([]);
}

/**
 * The first tab of a new visitor (signed in as `user` if given), window open, with `firstText` sent and
 * stored: the conversation it made.
 */
export async function startConversation(suite: ChaosSuite, backend: ChaosBackend, onFinished: OnFinished, firstText: string, user?: { id: string; name: string }) {
  const before = await backend.conversations();
  const visitor = await suite.visitor(backend, onFinished);
  const first = await visitor.open();
  if (user) await first.page.evaluate((identity) => window.Parley.identify(identity), user);
  await openWindow(first);
  await typeAndSend(first, firstText);
  const conversation = await newConversation(backend, before, firstText);
  return { visitor, first, conversation };
}

/** Another tab of the visitor, window open, showing the conversation so far. */
export async function openFollower(visitor: { open(): Promise<ChaosTab> }, shows: string): Promise<ChaosTab> {
  const tab = await visitor.open();
  await openWindow(tab);
  await eventually(tab.rows, (rows) => expect(rows).toContain(shows));
  return tab;
}

/**
 * Reads `read` until `check` passes (every 100 ms, for at most `timeoutMs`), else throws `check`'s last
 * failure. (`expect.poll` is not available to tests that run concurrently.)
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const value = await read();
    try {
      check(value);
      return;
    } catch (failure) {
      if (Date.now() > end) throw failure;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
