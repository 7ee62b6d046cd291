// Boot of a first visit: the host page WITHOUT Parley (the baseline) and WITH it, each on a fresh context with the
// CPU throttled. Long tasks are summed from navigation start until the widget is connected (`ready`) plus a
// settle time, and over the same span on the baseline. Then, on the warm page, click → usable window.
import { armInPage, clickLauncher, openBenchPage, pause, waitInPage } from '../browser.mjs';
import { blockingTime, longestTask } from '../stats.mjs';

/** After `ready`: the work the connection triggers (first render of the state, cache write) is counted too. */
const SETTLE_AFTER_READY_MS = 500;

/** Long tasks that started before `endAt` (ms after navigation start). @param {import('playwright-core').Page} page @param {number} endAt */
async function tasksUntil(page, endAt) {
  await waitInPage(page, `${Math.round(endAt)} ms after navigation start`, (endAt) => performance.now() >= endAt, endAt);
  return page.evaluate((endAt) => window.__bench.longTasks.filter((task) => task.start < endAt), endAt);
}

/**
 * One run. Returns this run's samples.
 * @param {{ browser: import('playwright-core').Browser, pagesUrl: string, rate: number }} bench
 */
export async function measureBoot({ browser, pagesUrl, rate }) {
  const withParley = await openBenchPage(browser, rate);
  const { page } = withParley;
  await page.goto(`${pagesUrl}/parley.html`);
  await waitInPage(page, 'the launcher and `ready`', () => window.__bench.launcherAt > 0 && window.__bench.readyAt > 0 && window.__bench.loadAt > 0);
  const boot = await page.evaluate(() => ({ loadAt: window.__bench.loadAt, launcherAt: window.__bench.launcherAt, readyAt: window.__bench.readyAt }));
  const windowEnd = boot.readyAt + SETTLE_AFTER_READY_MS;
  const parleyTasks = await tasksUntil(page, windowEnd);

  // The same host page without Parley, over the same span.
  const plain = await openBenchPage(browser, rate);
  await plain.page.goto(`${pagesUrl}/plain.html`);
  const plainTasks = await tasksUntil(plain.page, windowEnd);
  const plainHeapMB = await plain.heapMB();
  await plain.close();

  // Warm page: connected, idle, files loaded; the visitor clicks the launcher.
  await pause(1000);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 })));
  const usable = await armInPage(page, 'clickToUsable');
  await clickLauncher(page);
  const clickToUsableMs = await usable();
  const errors = withParley.errors;
  await withParley.close();

  return {
    samples: {
      tbtAdded: blockingTime(parleyTasks) - blockingTime(plainTasks),
      tbtWith: blockingTime(parleyTasks),
      tbtWithout: blockingTime(plainTasks),
      longestBootTask: longestTask(parleyTasks),
      longestPlainTask: longestTask(plainTasks),
      launcherAfterLoad: boot.launcherAt - boot.loadAt,
      connectedAfterNavigation: boot.readyAt,
      clickToUsable: clickToUsableMs,
      plainHeapMB,
    },
    errors,
  };
}
