// Headless Chromium for the bench (playwright-core, the executable and flags of scripts/chromium.mjs), pages
// with a CPU throttle set through CDP, bounded waits on the probe (bench/probe.js), and the page's JS heap.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';

/** The longest any single wait in the bench may take before it is an error. */
export const WAIT_LIMIT_MS = 120_000;

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/**
 * A fresh context (empty HTTP cache and IndexedDB: a first visit) and one page in it, with the CPU slowed down
 * `rate` times. Page errors are collected, not thrown: with the server down the widget rightly logs some.
 * @param {import('playwright-core').Browser} browser
 * @param {number} rate CPU throttling rate (1 = none)
 */
export async function openBenchPage(browser, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const cdp = await context.newCDPSession(page);
  const tab = {
    context,
    page,
    errors,
    /** @param {number} nextRate */
    throttle: (nextRate) => cdp.send('Emulation.setCPUThrottlingRate', { rate: nextRate }),
    /** JS heap of the page after a full garbage collection, MB. */
    heapMB: async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 1024 / 1024;
    },
    close: () => context.close(),
  };
  await tab.throttle(rate);
  return tab;
}

/**
 * Waits until `predicate(arg)` is truthy in the page (polled every animation frame) and returns its value;
 * throws `what` after WAIT_LIMIT_MS.
 * @param {import('playwright-core').Page} page @param {string} what
 * @param {(arg: any) => unknown} predicate @param {unknown} [arg]
 */
export async function waitInPage(page, what, predicate, arg) {
  try {
    const handle = await page.waitForFunction(predicate, arg, { timeout: WAIT_LIMIT_MS });
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`bench: timed out waiting for ${what} (${error.message.split('\n')[0]})`);
  }
}

/**
 * Resolves with the time (ms after navigation start) the probe gives when it says `name` on the console
 * (bench/probe.js: `load`, `launcher`, `ready`, `watched`), without running anything in the page. Call it
 * before the navigation whose signal it waits for; throws after WAIT_LIMIT_MS.
 * @param {import('playwright-core').Page} page @param {string} name
 */
export async function probeSignal(page, name) {
  try {
    const message = await page.waitForEvent('console', { predicate: (message) => message.text().startsWith(`parley-bench: ${name} `), timeout: WAIT_LIMIT_MS });
    return Number(message.text().split(' ').at(-1));
  } catch (error) {
    throw new Error(`bench: timed out waiting for the probe's "${name}" (${error.message.split('\n')[0]})`);
  }
}

/** Navigates and waits for the widget to be connected (`ready`) and its launcher visible. @param {import('playwright-core').Page} page @param {string} url */
export async function bootWidget(page, url) {
  await page.goto(url, { timeout: WAIT_LIMIT_MS });
  await waitInPage(page, 'the launcher and `ready`', () => window.__bench.launcherAt > 0 && window.__bench.readyAt > 0);
}

/** Resolves after `ms` (bounded pauses that let write-behind caches and batches settle). @param {number} ms */
export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clicks the launcher by its accessible name (contract). @param {import('playwright-core').Page} page */
export const clickLauncher = (page) => page.getByRole('button', { name: 'Open chat' }).click({ timeout: WAIT_LIMIT_MS });

/**
 * How long a visitor's pointer rests on the launcher before pressing: a quick click or tap (about 100 ms from
 * touch to release). Pointing at the launcher fetches the window's code ahead; this is the time it gets.
 */
export const POINTER_REST_MS = 100;

/**
 * Points at the launcher, lets the pointer rest there `restMs`, then presses, as a visitor does (Playwright's
 * click presses at once after the move). The launcher's place is read first, so nothing of the bench runs in the
 * page between the move and the press. @param {import('playwright-core').Page} page @param {number} restMs
 */
export async function pointAndClickLauncher(page, restMs) {
  const box = await page.getByRole('button', { name: 'Open chat' }).boundingBox({ timeout: WAIT_LIMIT_MS });
  if (!box) throw new Error('bench: the launcher has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await pause(restMs);
  await page.mouse.down();
  await page.mouse.up();
}

/**
 * Starts `start` in the page (a probe call returning a promise) and keeps its promise in the page, so the
 * bench can act (click, send) before awaiting it with the returned function.
 * @param {import('playwright-core').Page} page @param {string} method a `__bench` method @param {unknown[]} args
 */
export async function armInPage(page, method, ...args) {
  const slot = `armed-${Math.random().toString(36).slice(2)}`;
  await page.evaluate(({ slot, method, args }) => void (window[slot] = window.__bench[method](...args)), { slot, method, args });
  return async () => {
    const value = await page.evaluate((slot) => window[slot], slot);
    if (value === null) throw new Error(`bench: ${method}(${args.join(', ')}) saw nothing within the page's wait limit`);
    return value;
  };
}
