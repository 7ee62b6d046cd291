// `npm run bench`: measures the built widget in real headless Chromium against the local PocketPing
// server, and writes reports/bench.json + reports/bench.md. Figures are medians of several runs; they
// are for comparing builds on one machine, not pass/fail thresholds.
//   size        dist/parley.js and its backend files raw / minified / gzip / brotli (scripts/size.mjs)
//   boot        script evaluation, launcher visible, connected (`ready`) on a cold page
//   reload      a reload with 500 cached messages: history visible after open, server up and down
//   long        opening the window on 2,000 messages (render cost)
//   burst       200 operator messages sent back to back: until the last one is on screen
//   heap        JS heap of the page after the burst, after a garbage collection (CDP)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startPocketPingServer } from '../servers/pocketping/index.js';
import { startBenchPages } from './pages.mjs';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const round = (n) => Math.round(n * 10) / 10;

// Before any work: without a Chromium the bench stops here, saying what to install or set.
let executablePath = '';
try {
  executablePath = chromiumPath();
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(1);
}

execFileSync(process.execPath, ['scripts/size.mjs'], { stdio: 'inherit' });
const size = JSON.parse(readFileSync('reports/size.json', 'utf8'));
const main = size.files['parley.js'];
const ppFile = size.files['parley-pocketping.js'];

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const pp = await startPocketPingServer({ operatorOnline: true });
const pages = await startBenchPages(pp.endpoint);

/** A fresh context and page; resolves once `Parley` fired `ready`. Returns timings from the page. */
async function boot(context, url = `${pages.url}/bench.html`) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.ready, null, { timeout: 20_000 });
  return page;
}
const sessionOf = async (page) => (await page.evaluate(() => window.__bench.sessionId)) ?? pp.sessions().at(-1)?.id;

const results = { date: new Date().toISOString(), runs: RUNS, size, boot: {}, reload: {}, long: {}, burst: {}, heap: {} };
const samples = { evalMs: [], launcherMs: [], readyMs: [], reloadUp: [], reloadDown: [], long: [], burst: [], heap: [] };

try {
  for (let i = 0; i < RUNS; i++) {
    // Cold boot.
    let ctx = await browser.newContext();
    let page = await boot(ctx);
    const t = await page.evaluate(() => window.__bench.timings());
    samples.evalMs.push(t.evalMs); samples.launcherMs.push(t.launcherMs); samples.readyMs.push(t.readyMs);

    // 500 messages in the conversation, then reloads (cache warm), with the server up and down.
    const sid = await sessionOf(page);
    for (let n = 0; n < 500; n++) await pp.pp.sendOperatorMessage(sid, `history message ${n}`);
    await page.waitForFunction(() => window.__bench.count() >= 500, null, { timeout: 30_000 });
    await page.waitForTimeout(300); // let the write-behind cache flush
    for (const down of [false, true]) {
      if (down) await pp.stop();
      await page.goto(`${pages.url}/bench.html?open=1`);
      await page.waitForFunction(() => window.__bench?.firstFullMs > 0, null, { timeout: 20_000 });
      (down ? samples.reloadDown : samples.reloadUp).push(await page.evaluate(() => window.__bench.firstFullMs));
      if (down) await pp.restart();
    }
    await ctx.close();

    // 2,000 messages: opening cost.
    ctx = await browser.newContext();
    page = await boot(ctx);
    const sid2 = await sessionOf(page);
    for (let n = 0; n < 2000; n++) await pp.pp.sendOperatorMessage(sid2, `long history ${n}`);
    await page.waitForFunction(() => window.__bench.count() >= 2000, null, { timeout: 60_000 });
    samples.long.push(await page.evaluate(() => window.__bench.openAndMeasure()));

    // Burst of 200 incoming messages, each rendered.
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 200 }, (_, n) => pp.pp.sendOperatorMessage(sid2, `burst ${n}`)));
    await page.waitForFunction(() => window.__bench.lastText() === 'burst 199', null, { timeout: 60_000 });
    samples.burst.push(Date.now() - t0);
    // The page's own heap after a full garbage collection (performance.memory is coarse and counts garbage).
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    samples.heap.push((await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024);
    await ctx.close();
  }
} finally {
  await pages.close();
  await pp.stop();
  await browser.close();
}

results.boot = { evalMs: round(median(samples.evalMs)), launcherVisibleMs: round(median(samples.launcherMs)), readyMs: round(median(samples.readyMs)) };
results.reload = { history500VisibleMs: round(median(samples.reloadUp)), history500VisibleServerDownMs: round(median(samples.reloadDown)) };
results.long = { open2000Ms: round(median(samples.long)) };
results.burst = { incoming200Ms: round(median(samples.burst)) };
results.heap = { afterBurstMB: round(median(samples.heap)) };

mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', JSON.stringify(results, null, 2) + '\n');
const md = `# Parley benchmark (${results.date}, median of ${RUNS} runs, headless Chromium, loopback PocketPing)

| What | Value |
|---|---|
| dist/parley.js gzip / brotli / minified / raw | ${main.gzip} / ${main.brotli} / ${main.minified} / ${main.raw} B |
| dist/parley-pocketping.js gzip / brotli | ${ppFile.gzip} / ${ppFile.brotli} B |
| A PocketPing page in English downloads (gzip / brotli) | ${size.pages.pocketping.english.gzip} / ${size.pages.pocketping.english.brotli} B |
| Budgets, gzip (size-budgets.json) | parley.js ≤ ${size.budgets['parley.js'].budget} B (goal ${size.budgets['parley.js'].goal} B); a PocketPing page in English ≤ ${size.budgets.pageInEnglish.pocketping} B |
| Script evaluation | ${results.boot.evalMs} ms |
| Launcher visible after navigation start | ${results.boot.launcherVisibleMs} ms |
| Connected (\`ready\`) after navigation start | ${results.boot.readyMs} ms |
| Reload, 500 cached messages visible (server up) | ${results.reload.history500VisibleMs} ms |
| Reload, 500 cached messages visible (server down) | ${results.reload.history500VisibleServerDownMs} ms |
| Open the window on 2,000 messages | ${results.long.open2000Ms} ms |
| 200 incoming messages, last one on screen | ${results.burst.incoming200Ms} ms |
| JS heap after the burst (after GC) | ${results.heap.afterBurstMB} MB |
`;
writeFileSync('reports/bench.md', md);
console.log(md);
