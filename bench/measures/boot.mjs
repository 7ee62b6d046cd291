// Boot of a first visit: the host page WITHOUT Parley (the baseline) and WITH it, each on a fresh context with the
// CPU throttled. Long tasks are summed from navigation start until the widget is connected (`ready`) plus a
// settle time, and over the same span on the baseline; the bench only listens (the probe's console signals)
// during that span, so no helper of its own runs in the page. Then, on the warm page, click → usable window.
import { armInPage, clickLauncher, openBenchPage, pause, pointAndClickLauncher, POINTER_REST_MS, probeSignal } from '../browser.mjs';
import { blockingTime, longestTask } from '../stats.mjs';

/** After `ready`: the work the connection triggers (first render of the state, cache write) is counted too. */
const SETTLE_AFTER_READY_MS = 500;

/** On a warm page (connected, idle, the chat's files loaded): ms from the press on the launcher to a usable window. */
async function clickToUsable(page, restMs) {
  await pause(1000);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 })));
  const usable = await armInPage(page, 'clickToUsable');
  if (restMs) await pointAndClickLauncher(page, restMs);
  else await clickLauncher(page);
  return usable();
}

/** Extra wait past the end of the span, so the page's clock has surely passed it. */
const CLOCK_MARGIN_MS = 100;

/**
 * The probe's `signal` (bench/probe.js) with the time the bench received it: the page's clock is then at least
 * `at` + (now − `receivedAt`), which tells how long to wait for a point of the page's clock without asking it.
 * @param {import('playwright-core').Page} page @param {string} signal
 */
function probeClock(page, signal) {
  const clock = probeSignal(page, signal).then((at) => ({ at, receivedAt: Date.now() }));
  clock.catch(() => {}); // awaited later; a navigation that fails first is the error reported
  return clock;
}

/**
 * Long tasks that started before `endAt` (ms after navigation start). Waits in the bench, not in the page (no
 * polling helper runs in the page during the span), then reads the probe's list once.
 * @param {import('playwright-core').Page} page @param {number} endAt @param {{ at: number, receivedAt: number }} clock
 */
async function tasksUntil(page, endAt, clock) {
  await pause(Math.max(0, endAt - clock.at - (Date.now() - clock.receivedAt)) + CLOCK_MARGIN_MS);
  const { now, tasks } = await page.evaluate((endAt) => ({ now: performance.now(), tasks: window.__bench.longTasks.filter((task) => task.start < endAt) }), endAt);
  if (now < endAt) throw new Error(`bench: the page's clock (${Math.round(now)} ms) had not reached ${Math.round(endAt)} ms`);
  return tasks;
}

/**
 * One run. Returns this run's samples.
 * @param {{ browser: import('playwright-core').Browser, pagesUrl: string, rate: number }} bench
 */
export async function measureBoot({ browser, pagesUrl, rate }) {
  const withParley = await openBenchPage(browser, rate);
  const { page } = withParley;
  const [loaded, launcherShown, ready] = ['load', 'launcher', 'ready'].map((signal) => probeClock(page, signal));
  await page.goto(`${pagesUrl}/parley.html`);
  const boot = { loadAt: (await loaded).at, launcherAt: (await launcherShown).at, readyAt: (await ready).at };
  const windowEnd = boot.readyAt + SETTLE_AFTER_READY_MS;
  const parleyTasks = await tasksUntil(page, windowEnd, await ready);

  // The same host page without Parley, over the same span.
  const plain = await openBenchPage(browser, rate);
  const plainLoaded = probeClock(plain.page, 'load');
  await plain.page.goto(`${pagesUrl}/plain.html`);
  const plainTasks = await tasksUntil(plain.page, windowEnd, await plainLoaded);
  const plainHeapMB = await plain.heapMB();
  await plain.close();

  // Warm page: connected, idle, files loaded; the visitor points at the launcher and clicks.
  const clickToUsableMs = await clickToUsable(page, POINTER_REST_MS);
  const errors = withParley.errors;
  await withParley.close();
  // The same on another first visit, pressed the moment the pointer arrives: the window's file is fetched at the press.
  const hurried = await openBenchPage(browser, rate);
  const hurriedReady = probeSignal(hurried.page, 'ready');
  await hurried.page.goto(`${pagesUrl}/parley.html`);
  await hurriedReady;
  const clickToUsableNoRestMs = await clickToUsable(hurried.page, 0);
  errors.push(...hurried.errors);
  await hurried.close();

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
      clickToUsableNoRest: clickToUsableNoRestMs,
      plainHeapMB,
    },
    errors,
  };
}
