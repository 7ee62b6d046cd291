// Diagnosis (not part of `npm run bench`): where the time of a first visit goes, as the bench's boot measure sees
// it (bench/measures/boot.mjs): the host page with Parley on a fresh context at ×4 (`--rate N`), traced from
// navigation until the widget is connected, then the click on the launcher of the warm page, traced until the
// window is usable. Prints the main thread's timeline of each (bench/timeline.mjs). `--hover MS`: the pointer
// rests on the launcher that long before the click (as a visitor's does), else Playwright's click (a move, then
// at once the press). The traces are written to /tmp/parley-boot.json and /tmp/parley-click.json.
//   node bench/trace-boot.mjs [--rate 4] [--rounds 2] [--hover 0]
import { writeFileSync } from 'node:fs';
import { armInPage, clickLauncher, launchBrowser, openBenchPage, pause, pointAndClickLauncher, probeSignal } from './browser.mjs';
import { startOperatorServer } from './operator.mjs';
import { startBenchPages } from './pages.mjs';
import { CATEGORIES, mainThreadTimeline } from './timeline.mjs';
import { numberFlag } from './flags.mjs';

const RATE = numberFlag('rate', 4);
const ROUNDS = numberFlag('rounds', 2);
const HOVER_MS = numberFlag('hover', 0);

const browser = await launchBrowser();
const operator = await startOperatorServer();
const pages = await startBenchPages(operator.server.endpoint);
try {
  for (let round = 0; round < ROUNDS; round++) {
    const tab = await openBenchPage(browser, RATE);
    const { page } = tab;
    await browser.startTracing(page, { categories: CATEGORIES });
    // Waited for on the console (bench/probe.js), so no helper of the bench runs in the page meanwhile.
    const signals = Promise.all(['load', 'launcher', 'ready'].map((signal) => probeSignal(page, signal)));
    await page.goto(`${pages.url}/parley.html`);
    await signals;
    await pause(500);
    let trace = JSON.parse((await browser.stopTracing()).toString());
    const boot = await page.evaluate(() => ({ load: window.__bench.loadAt, launcher: window.__bench.launcherAt, ready: window.__bench.readyAt }));
    const navigationStart = trace.traceEvents.filter((event) => event.name === 'navigationStart' && event.args?.data?.documentLoaderURL?.includes('parley.html')).at(-1);
    console.log(`round ${round}, boot at ×${RATE}: ${JSON.stringify(Object.fromEntries(Object.entries(boot).map(([key, ms]) => [key, Math.round(ms)])))}`);
    if (navigationStart) console.log(mainThreadTimeline(trace, navigationStart.ts).join('\n'));
    writeFileSync('/tmp/parley-boot.json', JSON.stringify(trace));

    await pause(1000);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 })));
    await browser.startTracing(page, { categories: CATEGORIES });
    const usable = await armInPage(page, 'clickToUsable');
    const clickedAt = await page.evaluate(() => performance.now());
    if (HOVER_MS) await pointAndClickLauncher(page, HOVER_MS);
    else await clickLauncher(page);
    const ms = await usable();
    await pause(200);
    trace = JSON.parse((await browser.stopTracing()).toString());
    // The timeline from the last page.evaluate before the click (the trace's clock: the first task after it).
    const origin = trace.traceEvents.filter((event) => event.name === 'EventDispatch' && event.args?.data?.type === 'click').at(-1)?.ts;
    console.log(`round ${round}, click → usable: ${Math.round(ms)} ms (evaluate before the click at ${Math.round(clickedAt)})`);
    if (origin) console.log(mainThreadTimeline(trace, origin - (HOVER_MS + 50) * 1000).join('\n'));
    writeFileSync('/tmp/parley-click.json', JSON.stringify(trace));
    await tab.close();
  }
} finally {
  await pages.close();
  await operator.server.stop();
  await browser.close();
}
