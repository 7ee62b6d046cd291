// Diagnosis (not part of `npm run bench`): a CPU profile of a socket burst with the window open (default 500 in
// 1 s at ×1; `node bench/trace-burst.mjs [count] [rate]`). Prints the longest tasks and the functions with the
// most self time (minified names with their file and column: look the column up in dist/).
import { writeFileSync } from 'node:fs';
import { launchBrowser, bootWidget, openBenchPage, pause, waitInPage } from './browser.mjs';
import { messageText, operatorBurst, startOperatorServer } from './operator.mjs';
import { startBenchPages } from './pages.mjs';
import { longestTask } from './stats.mjs';

const count = Number(process.argv[2] ?? 500);
const rate = Number(process.argv[3] ?? 1);
const browser = await launchBrowser();
const operator = await startOperatorServer();
const pages = await startBenchPages(operator.server.endpoint);
try {
  const tab = await openBenchPage(browser, 1);
  await bootWidget(tab.page, `${pages.url}/parley.html`);
  const sessionId = operator.newestSessionId();
  await tab.page.evaluate(() => window.Parley.open());
  await waitInPage(tab.page, 'the open window', () => !!document.querySelector('parley-chat')?.shadowRoot?.querySelector('[role="log"]'));
  await pause(1000);
  await tab.throttle(rate);
  const cdp = await tab.context.newCDPSession(tab.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const from = await tab.page.evaluate(() => performance.now());
  const last = messageText('burst', count - 1);
  await operatorBurst(operator, sessionId, count, 'burst', 1000);
  await waitInPage(tab.page, 'the last message', (text) => window.__bench.incoming.includes(text), last);
  await pause(1000);
  const { profile } = await cdp.send('Profiler.stop');
  const tasks = await tab.page.evaluate((from) => window.__bench.longTasks.filter((task) => task.start >= from), from);
  console.log(`longest task ${longestTask(tasks)} ms; tasks over 50 ms:`, tasks.map((task) => Math.round(task.duration)).join(', '));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([name, ms]) => `${ms.toFixed(1)} ms ${name}`).join('\n'));
  writeFileSync('/tmp/parley-burst.cpuprofile', JSON.stringify(profile));
  console.log('profile: /tmp/parley-burst.cpuprofile');
} finally {
  await pages.close();
  await operator.server.stop();
  await browser.close();
}
