// Boot of a first visit: the host page WITHOUT Parley (the baseline) and WITH it, each on a fresh context with the
// CPU throttled. Long tasks are summed from navigation start until the widget is connected (`ready`) plus a
// settle time, and over the same span on the baseline; the bench only listens (the probe's console signals)
// during that span, so no helper of its own runs in the page. The long frames' scripts tell which long tasks were
// Parley's code (the difference of the two pages' blocking times is reported too, but both pages' own tasks vary
// by tens of ms at ×4). The launcher is timed from `load` and from the host page's own first frame after `load`.
// Then, on the warm page, click → usable window.
import { armInPage, clickLauncher, openBenchPage, pause, pointAndClickLauncher, POINTER_REST_MS, probeSignal } from '../browser.mjs';
import { blockingTime, longestTask } from '../stats.mjs';

/** Parley's own files: a long frame's script from one of them is Parley's code (bench/probe.js). */
const PARLEY_FILE = /\/dist\/parley(-[\w-]+)?\.js(\?|$)/;

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
 * Long tasks, and the scripts of long frames, that started before `endAt` (ms after navigation start). Waits in
 * the bench, not in the page (no polling helper runs in the page during the span), then reads the probe's lists once.
 * @param {import('playwright-core').Page} page @param {number} endAt @param {{ at: number, receivedAt: number }} clock
 */
async function tasksUntil(page, endAt, clock) {
  await pause(Math.max(0, endAt - clock.at - (Date.now() - clock.receivedAt)) + CLOCK_MARGIN_MS);
  const { now, tasks, scripts } = await page.evaluate(
    (endAt) => ({ now: performance.now(), tasks: window.__bench.longTasks.filter((task) => task.start < endAt), scripts: window.__bench.longScripts.filter((script) => script.start < endAt) }),
    endAt,
  );
  if (now < endAt) throw new Error(`bench: the page's clock (${Math.round(now)} ms) had not reached ${Math.round(endAt)} ms`);
  return { tasks, scripts };
}

/**
 * One run. Returns this run's samples.
 * @param {{ browser: import('playwright-core').Browser, pagesUrl: string, rate: number }} bench
 */
export async function measureBoot({ browser, pagesUrl, rate }) {
  const withParley = await openBenchPage(browser, rate);
  const { page } = withParley;
  const [loaded, frameAfterLoad, launcherShown, ready] = ['load', 'frame-after-load', 'launcher', 'ready'].map((signal) => probeClock(page, signal));
  await page.goto(`${pagesUrl}/parley.html`);
  const boot = { loadAt: (await loaded).at, frameAfterLoadAt: (await frameAfterLoad).at, launcherAt: (await launcherShown).at, readyAt: (await ready).at };
  const windowEnd = boot.readyAt + SETTLE_AFTER_READY_MS;
  const { tasks: parleyTasks, scripts } = await tasksUntil(page, windowEnd, await ready);
  // Parley's own code in long frames: each entry point (its script's evaluation, a callback, a listener) with the
  // microtasks it ran, from Parley's files. The part of each beyond 50 ms is blocking time Parley caused.
  const parleyScripts = scripts.filter((script) => PARLEY_FILE.test(script.source));

  // The same host page without Parley, over the same span.
  const plain = await openBenchPage(browser, rate);
  const [plainLoaded, plainFrameAfterLoad] = ['load', 'frame-after-load'].map((signal) => probeClock(plain.page, signal));
  await plain.page.goto(`${pagesUrl}/plain.html`);
  const plainFirstFrameAfterLoad = (await plainFrameAfterLoad).at - (await plainLoaded).at;
  const { tasks: plainTasks } = await tasksUntil(plain.page, windowEnd, await plainLoaded);
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
      parleyBlocking: blockingTime(parleyScripts),
      parleyLongestScript: parleyScripts.reduce((longest, script) => Math.max(longest, script.duration), 0),
      tbtAdded: blockingTime(parleyTasks) - blockingTime(plainTasks),
      tbtWith: blockingTime(parleyTasks),
      tbtWithout: blockingTime(plainTasks),
      longestBootTask: longestTask(parleyTasks),
      longestPlainTask: longestTask(plainTasks),
      launcherAfterLoad: boot.launcherAt - boot.loadAt,
      // The probe's frame callback that finds the launcher runs before the one that marks the first frame after
      // `load` in the same frame: at most 0 when the launcher is in that frame.
      launcherAfterFirstFrame: Math.max(0, boot.launcherAt - boot.frameAfterLoadAt),
      plainFirstFrameAfterLoad,
      connectedAfterNavigation: boot.readyAt,
      clickToUsable: clickToUsableMs,
      clickToUsableNoRest: clickToUsableNoRestMs,
      plainHeapMB,
    },
    errors,
  };
}
