// `npm run bench`: the targets of issue 11 ("Fast where it counts"), measured on the built widget in headless
// Chromium (playwright-core, scripts/chromium.mjs) against the real local PocketPing server, CPU throttled ×4
// through CDP unless a measure says ×1, median of several runs with the spread, and the same host page WITHOUT
// Parley measured in the same run as the baseline. Writes reports/bench.md and reports/bench.json.
//
//   npm run bench                      5 runs (BENCH_RUNS or --runs N for more), full sizes, ×4
//   npm run bench -- --quick           CI smoke: 1 run, small sizes, no throttling; fails only on errors
//   npm run bench -- --only boot,burst one or more groups of measures (boot, history, into-long, burst, reads),
//                                      for a quicker look at one target (the other rows of the table stay empty)
//
// No timing here is an assertion: the table says whether each goal is met, the exit status only whether the
// bench could measure (a timeout, a missing launcher, a page that never connects are errors).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from './browser.mjs';
import { measureBoot } from './measures/boot.mjs';
import { measureHistory, prepareHistory } from './measures/history.mjs';
import { measureBurst, measureIntoLong, measureReadReceipts } from './measures/incoming.mjs';
import { startOperatorServer } from './operator.mjs';
import { startBenchPages } from './pages.mjs';
import { buildRows, describeMachine, writeReports } from './report.mjs';

const FULL_SIZES = { cached: 5000, reload: 500, conversation: 2000, incoming: 200, burst: 500, readBurst: 300 };
const QUICK_SIZES = { cached: 300, reload: 50, conversation: 100, incoming: 20, burst: 50, readBurst: 30 };
/** The groups of measures `--only` can pick (all by default). */
const MEASURE_GROUPS = ['boot', 'history', 'into-long', 'burst', 'reads'];
/** The whole bench gives up after this (every wait inside is bounded too). */
const BENCH_LIMIT_MS = 45 * 60_000;

function readSettings(argv) {
  const quick = argv.includes('--quick');
  const runsFlag = argv.indexOf('--runs');
  const runs = quick ? 1 : Number(runsFlag >= 0 ? argv[runsFlag + 1] : (process.env.BENCH_RUNS ?? 5));
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`bench: --runs must be a whole number from 1 to 50, not ${runs}`);
  const onlyFlag = argv.indexOf('--only');
  const only = onlyFlag >= 0 ? String(argv[onlyFlag + 1] ?? '').split(',') : MEASURE_GROUPS;
  const unknown = only.filter((group) => !MEASURE_GROUPS.includes(group));
  if (unknown.length || !only.length) throw new Error(`bench: --only takes groups from ${MEASURE_GROUPS.join(', ')}, not "${unknown.join(',')}"`);
  return { quick, runs, rate: quick ? 1 : 4, sizes: quick ? QUICK_SIZES : FULL_SIZES, only };
}

/** Appends every value of `values` to `samples[key]`. */
function collect(samples, values) {
  for (const [key, value] of Object.entries(values)) if (typeof value === 'number') (samples[key] ??= []).push(value);
}

async function main() {
  const settings = readSettings(process.argv.slice(2));
  const gzipBytes = gzipSync(readFileSync('dist/parley.js'), { level: 9 }).length;
  const browser = await launchBrowser();
  const operator = await startOperatorServer();
  const pages = await startBenchPages(operator.server.endpoint);
  const bench = { browser, operator, pagesUrl: pages.url, sizes: settings.sizes, rate: settings.rate };
  const machine = describeMachine(browser.version());
  const samples = {};
  const pageErrors = [];
  const failures = [];
  const orderProblems = [];
  const step = (name) => console.log(`bench: ${name} (${Math.round(process.uptime())} s)`);
  /** Runs one measure; a failure (a timeout, a missing element) is recorded and the bench goes on with the next. */
  const attempt = async (name, measure) => {
    step(name);
    try {
      return await measure();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : error}`);
      console.error(`bench: FAILED ${failures.at(-1)}`);
      return null;
    }
  };
  const report = (runsDone) => {
    const rows = buildRows(samples, { sizes: settings.sizes, rate: settings.rate, gzipBytes, orderProblems });
    return writeReports({ rows, machine, settings: { ...settings, runsDone }, errors: pageErrors, failures, date: new Date().toISOString() });
  };
  let markdown = '';
  const wanted = (group) => settings.only.includes(group);
  try {
    for (let run = 1; run <= settings.runs; run++) {
      const name = (what) => `run ${run}/${settings.runs}: ${what}`;
      const boot = wanted('boot') && (await attempt(name('boot with and without Parley'), () => measureBoot(bench)));
      if (boot) {
        collect(samples, boot.samples);
        pageErrors.push(...boot.errors);
      }
      if (wanted('into-long')) collect(samples, (await attempt(name('incoming into a long conversation'), () => measureIntoLong(bench))) ?? {});
      // At ×4 and at ×1 (once when the bench is not throttled: quick mode).
      const burstRates = !wanted('burst') ? [] : settings.rate === 1 ? [1] : [settings.rate, 1];
      for (const rate of burstRates) {
        const burst = await attempt(name(`burst at ×${rate}`), () => measureBurst(bench, rate));
        if (!burst) continue;
        const keys = rate === 1 ? ['burstLongestUnthrottled'] : ['burstLongestThrottled'];
        if (burstRates.length === 1) keys.push('burstLongestThrottled');
        for (const key of keys) collect(samples, { [key]: burst.longestTask });
        if (burst.orderProblem) orderProblems.push(`run ${run}, ×${rate}: ${burst.orderProblem}`);
      }
      if (wanted('reads')) collect(samples, (await attempt(name('read receipts'), () => measureReadReceipts(bench))) ?? {});
      // Written after every run: a bench stopped early still leaves the runs it finished.
      markdown = report(run);
    }
    // The cached conversations last, all their runs together: their two seeded pages stay open from the seeding
    // to the last run, and no other measure shares the browser with them (with them open, idle, a burst's longest
    // task measured about twice as long at ×4, and the boot's blocking time grew too: the bench's own pages
    // competing for the 2 cores, not Parley's cost).
    const seeded = wanted('history') && (await attempt('seeding the cached conversations', () => prepareHistory(bench)));
    if (seeded) {
      collect(samples, { heapLiveMB: seeded.liveHeapMB });
      for (let run = 1; run <= settings.runs; run++) {
        collect(samples, (await attempt(`run ${run}/${settings.runs}: cached conversations`, () => measureHistory(bench, seeded)))?.samples ?? {});
        markdown = report(settings.runs);
      }
      await seeded.large.close();
      await seeded.medium.close();
    }
  } finally {
    await pages.close();
    await operator.server.stop();
    await browser.close();
  }
  console.log(markdown);
  if (failures.length) throw new Error(`bench: ${failures.length} measure(s) failed (listed in reports/bench.md):\n${failures.join('\n')}`);
}

const limit = setTimeout(() => {
  console.error(`bench: gave up after ${BENCH_LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, BENCH_LIMIT_MS);
limit.unref();
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
