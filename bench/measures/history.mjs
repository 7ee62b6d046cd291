// Long cached conversations. Each is seeded ONCE by running the widget against a server session that receives the
// messages (the widget caches them in IndexedDB), then every run reloads that page:
//   - a large conversation (5,000): its JS heap after GC while all 5,000 are live (once, right after seeding, the
//     window open); then each run reloads it (the cache keeps the newest 500, cache.ts MAX_CACHED) and clicks the
//     launcher (the pointer resting on it first, as a visitor's does; once more pressed at once, server up) → the
//     newest message painted, with the server up and down; the DOM size, and the heap after GC;
//   - 500 messages with the window open, at ×1: the newest message painted, ms after navigation start.
import { armInPage, bootWidget, clickLauncher, openBenchPage, pause, pointAndClickLauncher, POINTER_REST_MS, probeSignal, waitInPage } from '../browser.mjs';
import { messageText, seedConversation } from '../operator.mjs';

/** Lets the reloaded widget read its cache and settle before the visitor clicks. */
const SETTLE_BEFORE_CLICK_MS = 1500;
/** Lets the large page finish its catch-up (and the cache writes after it) once it is online again. */
const SETTLE_AFTER_RECONNECT_MS = 1500;

/** Seeds both conversations (at ×1: seeding is not what is measured). @param {object} bench */
export async function prepareHistory({ browser, operator, pagesUrl, sizes }) {
  const large = await openBenchPage(browser, 1);
  await bootWidget(large.page, `${pagesUrl}/parley.html`);
  await seedConversation(operator, large.page, operator.newestSessionId(), sizes.cached, 'history');
  // All of them in the page's memory, the window open on the newest.
  await large.page.evaluate(() => window.Parley.open());
  await (await armInPage(large.page, 'whenShown', messageText('history', sizes.cached - 1)))();
  const liveHeapMB = await large.heapMB();
  const medium = await openBenchPage(browser, 1);
  await bootWidget(medium.page, `${pagesUrl}/parley.html`);
  await seedConversation(operator, medium.page, operator.newestSessionId(), sizes.reload, 'recent');
  return { large, medium, liveHeapMB };
}

/**
 * Reload, wait until the widget settled, click the launcher (the pointer resting `restMs` on it first, or pressed
 * at once): ms until `newest` is painted, and the DOM size.
 */
async function openOnReload(tab, pagesUrl, newest, serverUp, restMs = POINTER_REST_MS) {
  const { page } = tab;
  await page.goto(`${pagesUrl}/parley.html`);
  await waitInPage(page, 'the launcher', (serverUp) => window.__bench.launcherAt > 0 && (!serverUp || window.__bench.readyAt > 0), serverUp);
  await pause(SETTLE_BEFORE_CLICK_MS);
  const painted = await armInPage(page, 'clickToText', newest);
  if (restMs) await pointAndClickLauncher(page, restMs);
  else await clickLauncher(page);
  const ms = await painted();
  const elements = await page.evaluate(() => window.__bench.shadowElementCount());
  return { ms, elements };
}

/**
 * One run over the seeded pages. @param {object} bench @param {Awaited<ReturnType<typeof prepareHistory>>} seeded
 */
export async function measureHistory({ operator, pagesUrl, sizes, rate }, { large, medium }) {
  const newest = messageText('history', sizes.cached - 1);
  await large.throttle(rate);
  const up = await openOnReload(large, pagesUrl, newest, true);
  const heapMB = await large.heapMB();
  const hurried = await openOnReload(large, pagesUrl, newest, true, 0);
  await operator.server.stop();
  let down;
  try {
    down = await openOnReload(large, pagesUrl, newest, false);
  } finally {
    await operator.server.restart();
  }
  // The large page reconnects and catches up: done before the next measure, which would share the cores with it.
  await waitInPage(large.page, 'the large conversation reconnected', () => window.__bench.status === 'online');
  await pause(SETTLE_AFTER_RECONNECT_MS);

  // 500 messages, window open from the start, at ×1: the newest painted after navigation start.
  const recentNewest = messageText('recent', sizes.reload - 1);
  // Waited for on the console: a helper polling the page would run in the middle of the reload.
  const shown = probeSignal(medium.page, 'watched');
  shown.catch(() => {}); // awaited below; a navigation that fails first is the error reported
  await medium.page.goto(`${pagesUrl}/parley.html?open=1&watch=${encodeURIComponent(recentNewest)}`);
  const reloadMs = await shown;
  if (reloadMs < 0) throw new Error(`bench: "${recentNewest}" was not shown after a reload`);
  // The host page's own milestones on that reload: no widget can paint before the page's first contentful paint.
  const host = await medium.page.evaluate(() => ({
    domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? NaN,
    firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));

  return {
    samples: {
      openCachedUp: up.ms,
      openCachedUpNoRest: hurried.ms,
      openCachedDown: down.ms,
      shadowElementsUp: up.elements,
      shadowElementsDown: down.elements,
      heapAfterCachedMB: heapMB,
      cachedReloadVisible: reloadMs,
      cachedReloadHostDomContentLoaded: host.domContentLoaded,
      cachedReloadHostFirstPaint: host.firstContentfulPaint,
      cachedReloadAfterHostPaint: reloadMs - host.firstContentfulPaint,
    },
    errors: [],
  };
}
