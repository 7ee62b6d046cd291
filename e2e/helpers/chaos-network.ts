/**
 * Network faults for the chaos suite, played in the browser with Playwright routes, and the one check
 * every scenario ends with: the server stored each typed message exactly once, in order, and the
 * widget shows each one once, confirmed.
 */
import { expect } from 'vitest';
import type { Page, Request, Route } from 'playwright-core';
import type { ChaosBackend } from './chaos-backends';
import { until } from './setup';
import { shown } from './widget';

/**
 * From now on, the requests `isTarget` picks (a backend's sends, ...) numbered in `lost` (1 = the
 * next one) reach the server, which acts on them, but their answers never reach the page
 * (`route.fetch()`, then `route.abort()`). Returns live counts: the requests made, and the answers lost.
 */
export async function loseAnswers(page: Page, isTarget: (request: Request) => boolean, lost: number[]): Promise<{ sends: number; lost: number }> {
  const counts = { sends: 0, lost: 0 };
  await page.route(
    (url) => url.protocol === 'http:',
    async (route: Route) => {
      if (!isTarget(route.request())) return route.fallback();
      counts.sends++;
      if (!lost.includes(counts.sends)) return route.fallback();
      await route.fetch().then(
        (answer) => answer.body(),
        () => undefined,
      );
      counts.lost++;
      await route.abort('failed');
    },
  );
  return counts;
}

/**
 * The next visitor send reaches the server but its answer is held until `release()` (then dropped);
 * `delivered` resolves once the server has answered it (the message is stored).
 */
export async function holdNextAnswer(page: Page, backend: ChaosBackend) {
  let held = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let markDelivered = () => {};
  const delivered = new Promise<void>((resolve) => (markDelivered = resolve));
  await page.route(
    (url) => url.protocol === 'http:',
    async (route: Route) => {
      if (held || !backend.isSend(route.request())) return route.fallback();
      held = true;
      await route.fetch().then(
        (answer) => answer.body(),
        () => undefined,
      );
      markDelivered();
      await released;
      await route.abort('failed').catch(() => undefined); // its page may be gone by now
    },
  );
  return { delivered, release };
}

/** Shifts the page's clock (`Date`, `Date.now()`) by `offsetMs` before any of its scripts run. */
export async function skewClock(page: Page, offsetMs: number): Promise<void> {
  await page.addInitScript((offset: number) => {
    const RealDate = Date;
    class SkewedDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof Date> | []) {
        if (args.length === 0) super(RealDate.now() + offset);
        else super(...(args as ConstructorParameters<typeof Date>));
      }
      static override now() {
        return RealDate.now() + offset;
      }
    }
    globalThis.Date = SkewedDate as DateConstructor;
  }, offsetMs);
}

/** The status shown under the visitor's rows with this text ("Sent", "Sending…", "Not sent", ...). */
const statusesOf = (page: Page, text: string) =>
  page
    .getByRole('log')
    .locator('.message-own')
    .filter({ has: page.getByText(text, { exact: true }) })
    .locator('.message-meta')
    .allTextContents();

/** Whether the row is confirmed by the backend: its status is past "Sending…" and not "Not sent". */
const confirmed = (meta: string) => /\b(Sent|Delivered|Read)\b/.test(meta) && !/Sending|Not sent/.test(meta);

/**
 * The promise, checked from both ends: the server stored exactly `typed` for the visitor (0 lost,
 * 0 duplicated, order kept, in `conversations` conversations), and the widget shows each message as
 * often as it was typed, every row confirmed. Waits (up to 20 s) for the last message, then a little
 * more so a late duplicate would show.
 */
export async function expectExactlyOnce(page: Page, backend: ChaosBackend, typed: string[], conversations = 1): Promise<void> {
  await until(() => backend.visitorTexts().length >= typed.length, `${typed.length} messages stored on ${backend.name}`, 20_000).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(backend.visitorTexts()).toEqual(typed);
  expect(backend.conversations()).toBe(conversations);
  for (const text of new Set(typed)) {
    const times = typed.filter((candidate) => candidate === text).length;
    await expect.poll(shown(page, text), { timeout: 10_000 }).toBe(times);
    await expect.poll(async () => (await statusesOf(page, text)).filter(confirmed).length, { timeout: 10_000 }).toBe(times);
  }
}
