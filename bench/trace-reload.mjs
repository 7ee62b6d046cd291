// Diagnosis (not part of `npm run bench`): where the time of a cached reload with the window open goes. Seeds
// 50 messages, reloads with ?open=1, prints the resource timings, the paint time of the newest message and a
// CPU profile summary (self time by function, top 15).  node bench/trace-reload.mjs
import { writeFileSync } from 'node:fs';
import { launchBrowser, bootWidget, openBenchPage, waitInPage } from './browser.mjs';
import { messageText, seedConversation, startOperatorServer } from './operator.mjs';
import { startBenchPages } from './pages.mjs';

const COUNT = 50;
const browser = await launchBrowser();
const operator = await startOperatorServer();
const pages = await startBenchPages(operator.server.endpoint);
try {
  const tab = await openBenchPage(browser, 1);
  await bootWidget(tab.page, `${pages.url}/parley.html`);
  await seedConversation(operator, tab.page, operator.newestSessionId(), COUNT, 'recent');
  const newest = messageText('recent', COUNT - 1);
  const cdp = await tab.context.newCDPSession(tab.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  for (let round = 0; round < 3; round++) {
    await cdp.send('Profiler.start');
    await tab.page.goto(`${pages.url}/parley.html?open=1&watch=${encodeURIComponent(newest)}`);
    const shownAt = await waitInPage(tab.page, 'newest', () => window.__bench.watchedAt);
    const { profile } = await cdp.send('Profiler.stop');
    const timings = await tab.page.evaluate(() => ({
      navigation: performance.getEntriesByType('navigation').map((entry) => ({ domContentLoaded: Math.round(entry.domContentLoadedEventEnd), load: Math.round(entry.loadEventEnd) }))[0],
      resources: performance.getEntriesByType('resource').map((entry) => `${entry.name.replace(/^https?:\/\/[^/]+/, '')} ${Math.round(entry.startTime)}→${Math.round(entry.responseEnd)}`),
      marks: performance.getEntriesByType('mark').map((entry) => `${entry.name} ${Math.round(entry.startTime)}`),
    }));
    console.log(`round ${round}: newest painted at ${Math.round(shownAt)} ms`, JSON.stringify(timings, null, 1));
    const self = new Map();
    const interval = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000 / Math.max(1, profile.samples.length);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    for (const id of profile.samples) {
      const frame = byId.get(id).callFrame;
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + interval);
    }
    console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => `${ms.toFixed(1)} ms ${name}`).join('\n'));
    writeFileSync(`/tmp/perfprobe/reload-${round}.cpuprofile`, JSON.stringify(profile));
  }
} finally {
  await pages.close();
  await operator.server.stop();
  await browser.close();
}
