// Diagnosis (not part of `npm run bench`): where the time of a cached reload with the window open goes. Seeds
// a conversation (500 messages, as the bench's reload measure; `--count N` for another size), reloads it with
// ?open=1 a few times at ×1 (`--rate N` to throttle) and prints, for each reload, the newest message's paint time,
// the resource timings, and the main thread's timeline from a Chrome trace: every task of 2 ms or more, with what
// ran in it (the HTML parser, a script's evaluation, a callback, an IndexedDB event, style/layout, paint), so the
// critical path and what serialises it can be read off. The last trace is written to /tmp/parley-reload.json
// (open it in Chrome DevTools' Performance panel).
//   node bench/trace-reload.mjs [--count 500] [--rate 1] [--rounds 3]
import { writeFileSync } from 'node:fs';
import { launchBrowser, bootWidget, openBenchPage, probeSignal } from './browser.mjs';
import { messageText, seedConversation, startOperatorServer } from './operator.mjs';
import { startBenchPages } from './pages.mjs';
import { CATEGORIES, mainThreadTimeline } from './timeline.mjs';
import { numberFlag } from './flags.mjs';

const COUNT = numberFlag('count', 500);
const RATE = numberFlag('rate', 1);
const ROUNDS = numberFlag('rounds', 3);
const browser = await launchBrowser();
const operator = await startOperatorServer();
const pages = await startBenchPages(operator.server.endpoint);
try {
  const tab = await openBenchPage(browser, 1);
  await bootWidget(tab.page, `${pages.url}/parley.html`);
  await seedConversation(operator, tab.page, operator.newestSessionId(), COUNT, 'recent');
  const newest = messageText('recent', COUNT - 1);
  await tab.throttle(RATE);
  for (let round = 0; round < ROUNDS; round++) {
    await browser.startTracing(tab.page, { categories: CATEGORIES });
    const shown = probeSignal(tab.page, 'watched');
    await tab.page.goto(`${pages.url}/parley.html?open=1&watch=${encodeURIComponent(newest)}`);
    const shownAt = await shown;
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const timings = await tab.page.evaluate(() => ({
      navigation: performance.getEntriesByType('navigation').map((entry) => ({ domContentLoaded: Math.round(entry.domContentLoadedEventEnd), load: Math.round(entry.loadEventEnd) }))[0],
      resources: performance.getEntriesByType('resource').map((entry) => `${entry.name.replace(/^https?:\/\/[^/]+/, '')} ${Math.round(entry.startTime)}→${Math.round(entry.responseEnd)}`),
    }));
    const navigationStart = trace.traceEvents.filter((event) => event.name === 'navigationStart' && event.args?.data?.documentLoaderURL?.includes('open=1')).at(-1);
    console.log(`round ${round}: newest painted at ${Math.round(shownAt)} ms`, JSON.stringify(timings));
    if (navigationStart) console.log(mainThreadTimeline(trace, navigationStart.ts).join('\n'));
    writeFileSync('/tmp/parley-reload.json', JSON.stringify(trace));
  }
} finally {
  await pages.close();
  await operator.server.stop();
  await browser.close();
}
