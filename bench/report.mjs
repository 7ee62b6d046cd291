// reports/bench.md (one table: measure, goal, median, spread, runs, met?) and reports/bench.json (every sample).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { summarize } from './stats.mjs';

/** The machine the figures come from. @param {string} chromiumVersion */
export function describeMachine(chromiumVersion) {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() named it.
  }
  return { cpuModel, cores: cpus().length, loadAverage: loadavg().map((load) => Math.round(load * 100) / 100), chromium: chromiumVersion, node: process.version };
}

const count = (n) => n.toLocaleString('en-US');

/**
 * The rows of the table, from the samples of every run.
 * @param {Record<string, number[]>} samples @param {{ sizes: Record<string, number>, rate: number, gzipBytes: number, orderProblems: string[] }} facts
 */
export function buildRows(samples, { sizes, rate, gzipBytes, orderProblems }) {
  const at = `×${rate}`;
  const row = (measure, goal, key, unit, isMet) => {
    const summary = summarize(samples[key] ?? []);
    return { key, measure, goal, unit, ...summary, met: isMet ? (Number.isFinite(summary.median) ? isMet(summary.median) : false) : null };
  };
  const reads = summarize(samples.readRequests ?? []);
  // The launcher cannot be painted before the host page's own first frame after \`load\`: met also when it is in it.
  const launcherAfterFirstFrame = summarize(samples.launcherAfterFirstFrame ?? []).median;
  const allowed = summarize(samples.readBatchesAllowed ?? []);
  return [
    row(`Total blocking time added by Parley, boot → connected (${at}): the part beyond 50 ms of each stretch of Parley's code in a long frame (its script evaluations, callbacks and listeners, with their microtasks)`, '0 ms', 'parleyBlocking', 'ms', (median) => median <= 0),
    row(`  … longest stretch of Parley's code in one task (${at})`, '≤ 50 ms', 'parleyLongestScript', 'ms', (median) => median <= 50),
    row(`  … the host page's blocking time with Parley minus without it, same span (${at}; both pages' own tasks vary by tens of ms)`, '—', 'tbtAdded', 'ms'),
    row(`  … host page with Parley (${at})`, '—', 'tbtWith', 'ms'),
    row(`  … host page alone (${at})`, '—', 'tbtWithout', 'ms'),
    row(`  … longest task with Parley (${at})`, '—', 'longestBootTask', 'ms'),
    row(`  … longest task of the host page alone, same span (${at})`, '—', 'longestPlainTask', 'ms'),
    row(`Launcher visible after the page's \`load\` (${at}; negative: before it); met also when it is painted in the host page's first frame after \`load\``, '≤ 50 ms', 'launcherAfterLoad', 'ms', (median) => median <= 50 || launcherAfterFirstFrame <= 1),
    row(`  … after the host page's first frame after \`load\` (${at}; 0: in that frame)`, '0 ms', 'launcherAfterFirstFrame', 'ms', (median) => median <= 1),
    row(`  … the host page alone: its first frame after \`load\` (${at}; Chromium lays the page out again as \`load\` fires)`, '—', 'plainFirstFrameAfterLoad', 'ms'),
    row(`  … connected (\`ready\`) after navigation start (${at})`, '—', 'connectedAfterNavigation', 'ms'),
    { key: 'gzipBytes', measure: '`dist/parley.js`, gzip -9', goal: '≤ 14,000 B', unit: 'B', median: gzipBytes, min: gzipBytes, max: gzipBytes, q1: gzipBytes, q3: gzipBytes, runs: 1, samples: [gzipBytes], met: gzipBytes <= 14_000 },
    row(`Click → usable window (composer shown and enabled), warm page, the pointer resting 100 ms on the launcher first (${at})`, '≤ 100 ms', 'clickToUsable', 'ms', (median) => median <= 100),
    row(`  … pressed the moment the pointer arrives (the window's file fetched at the press) (${at})`, '—', 'clickToUsableNoRest', 'ms'),
    row(`Open a ${count(sizes.cached)}-message conversation after a reload (cached: the newest 500), server up: click → newest painted, the pointer resting 100 ms first (${at})`, '< 100 ms', 'openCachedUp', 'ms', (median) => median < 100),
    row(`  … the same, server down (${at})`, '< 100 ms', 'openCachedDown', 'ms', (median) => median < 100),
    row(`  … server up, pressed the moment the pointer arrives (${at})`, '—', 'openCachedUpNoRest', 'ms'),
    row(`  … elements in the widget's shadow root, window open on ${count(sizes.cached)} (server up)`, 'bounded: ≤ 2,000', 'shadowElementsUp', 'elements', (median) => median <= 2000),
    row(`  … the same, server down`, 'bounded: ≤ 2,000', 'shadowElementsDown', 'elements', (median) => median <= 2000),
    row(`${count(sizes.incoming)} incoming into a ${count(sizes.conversation)}-message conversation: last painted after the server sent it (${at})`, '≤ 500 ms', 'lastIncomingOnScreen', 'ms', (median) => median <= 500),
    row(`${count(sizes.burst)} incoming in 1 s: longest task (×${rate}; 0: none over 50 ms)`, '≤ 100 ms', 'burstLongestThrottled', 'ms', (median) => median <= 100),
    row(`${count(sizes.burst)} incoming in 1 s: longest task (×1; 0: none over 50 ms)`, '≤ 50 ms', 'burstLongestUnthrottled', 'ms', (median) => median <= 50),
    {
      key: 'burstOrder', measure: `${count(sizes.burst)} incoming in 1 s: each shown once, in the server's order (every burst${rate > 1 ? `, ×${rate} and ×1` : ''})`, goal: 'yes', unit: '',
      median: orderProblems.length ? 'no' : 'yes', min: '', max: '', q1: '', q3: '', runs: (samples.burstLongestUnthrottled?.length ?? 0) + (rate > 1 ? (samples.burstLongestThrottled?.length ?? 0) : 0), samples: orderProblems, met: !orderProblems.length,
    },
    {
      ...reads, key: 'readRequests', measure: `\`POST /read\` during ${count(sizes.readBurst)} incoming back to back, window open (${at}); allowed: one per ~250 ms of the burst (median ${allowed.median})`, goal: 'one per ~250 ms batch', unit: 'requests',
      met: Number.isFinite(reads.median) && reads.median <= allowed.median, ratio: Number.isFinite(reads.median) && reads.median ? Math.round((sizes.readBurst / reads.median) * 10) / 10 : null,
    },
    row(`JS heap with ${count(sizes.cached)} messages received live, after GC (window open; measured once, after seeding)`, '≤ 30 MB', 'heapLiveMB', 'MB', (median) => median <= 30),
    row(`  … the same conversation after a reload (the cache keeps the newest 500), after GC`, '≤ 30 MB', 'heapAfterCachedMB', 'MB', (median) => median <= 30),
    row('  … JS heap of the host page alone, after GC', '—', 'plainHeapMB', 'MB'),
    row(`Cached reload, window open, ${count(sizes.reload)} messages: newest painted after navigation start (×1)`, '≤ 100 ms', 'cachedReloadVisible', 'ms', (median) => median <= 100),
    row(`  … the host page's own first contentful paint, same reload (×1)`, '—', 'cachedReloadHostFirstPaint', 'ms'),
    row(`  … newest painted after the host page's own first contentful paint, same reload (×1; the part Parley adds)`, '—', 'cachedReloadAfterHostPaint', 'ms'),
    row(`  … the host page's own \`DOMContentLoaded\` (its end), same reload (×1)`, '—', 'cachedReloadHostDomContentLoaded', 'ms'),
  ];
}

const spread = (row) => (row.runs > 1 && typeof row.min === 'number' ? `${count(row.min)}–${count(row.max)} (IQR ${count(row.q1)}–${count(row.q3)})` : '');
const shown = (value, unit) => (Number.isNaN(value) ? 'not measured' : typeof value === 'number' ? `${count(value)}${unit && unit !== 'elements' && unit !== 'requests' ? ` ${unit}` : ''}` : String(value));

/** Writes reports/bench.md and reports/bench.json; returns the markdown. */
export function writeReports({ rows, machine, settings, errors, failures, date }) {
  const metCell = (met) => (met === null ? '' : met ? 'yes' : '**no**');
  const lines = [
    `# Parley benchmark`,
    '',
    `${date} · ${settings.quick ? 'QUICK smoke (1 run, small sizes, no throttling: not figures to quote)' : `median of the runs (${settings.runsDone} of ${settings.runs} done)`} · headless Chromium ${machine.chromium} · ` +
      (settings.rate > 1 ? `CPU throttled ×${settings.rate} through CDP unless a row says ×1` : 'no CPU throttling') + ` · local PocketPing server on 127.0.0.1 · ` +
      `machine: ${machine.cpuModel}, ${machine.cores} cores, load average ${machine.loadAverage.join(' / ')} at start · Node ${machine.node}`,
    '',
    '| Measure | Goal | Median | Spread: min–max (IQR) | Runs | Met? |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.measure} | ${row.goal} | ${shown(row.median, row.unit)}${row.ratio ? ` (1 per ${row.ratio} messages)` : ''} | ${spread(row)} | ${row.runs} | ${metCell(row.met)} |`),
    '',
    'Baseline: the same host page (200 paragraphs) without Parley, measured in the same run over the same span. Timings are taken in the page in the frame that paints the element (a ResizeObserver on it once it is in the DOM, or the start of the frame for a change that resizes nothing), found by accessible names and roles. The cached-conversation measures run after all the others, so that no other measure shares the browser with their seeded pages. Blocking time is put down to the code of Parley by the script entries of the Long Animation Frames API (the file of each).',
  ];
  const problems = rows.find((row) => row.key === 'burstOrder')?.samples ?? [];
  if (problems.length) lines.push('', 'Order problems:', ...problems.map((problem) => `- ${problem}`));
  if (failures.length) lines.push('', 'Measures that FAILED (no sample for that run):', ...failures.map((failure) => `- ${failure}`));
  if (errors.length) lines.push('', `Page errors seen during the boot runs (${errors.length}, first 5):`, ...errors.slice(0, 5).map((error) => `- ${error}`));
  const markdown = lines.join('\n') + '\n';
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.md', markdown);
  writeFileSync('reports/bench.json', JSON.stringify({ date, settings, machine, rows, failures, errors }, null, 2) + '\n');
  return markdown;
}
