// The main thread's timeline from a Chrome trace (for bench/trace-*.mjs): every task of 2 ms or more, with what
// ran in it (the HTML parser, a script's evaluation, a callback, an IndexedDB event, style/layout, paint) and, for
// tasks of 10 ms or more, the functions with the most self time in it (from the trace's CPU profile).
// Functions are named as in dist/: `PARLEY_UNMINIFIED=1 npm run build` keeps their names.

/** Tasks shorter than this are left out of the printed timeline. */
const SHOWN_TASK_MS = 2;
/** Trace categories for `browser.startTracing` that {@link mainThreadTimeline} reads. */
export const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'IndexedDB', 'disabled-by-default-v8.cpu_profiler'];

/** The JS samples of the trace's CPU profile (ProfileChunk events): [{ ts, frames (innermost first) }]. */
function cpuSamples(events, pid) {
  const nodes = new Map();
  const samples = [];
  let time = 0;
  for (const event of events) {
    if (event.pid !== pid) continue;
    if (event.name === 'Profile') time = event.args.data.startTime;
    if (event.name !== 'ProfileChunk') continue;
    const { cpuProfile = {}, timeDeltas = [] } = event.args.data;
    for (const node of cpuProfile.nodes ?? []) nodes.set(node.id, node);
    (cpuProfile.samples ?? []).forEach((id, index) => {
      time += timeDeltas[index] ?? 0;
      samples.push({ ts: time, id });
    });
  }
  const name = (node) => `${node.callFrame.functionName || '(anonymous)'} ${String(node.callFrame.url ?? '').split('/').pop().replace(/\?.*$/, '')}:${node.callFrame.lineNumber ?? ''}`;
  return samples.map(({ ts, id }) => {
    const frames = [];
    for (let node = nodes.get(id); node; node = nodes.get(node.parent)) frames.push(name(node));
    return { ts, frames };
  });
}

/** What a trace event that ran inside a task says about itself, in a few words. */
function describe(event) {
  const data = event.args?.data ?? {};
  const file = (url) => String(url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  switch (event.name) {
    case 'EvaluateScript':
      return `evaluate ${file(data.url)}`;
    case 'v8.compile':
    case 'v8.compileModule':
      return `compile ${file(data.url ?? event.args?.fileName)}`;
    case 'FunctionCall':
      return `call ${data.functionName || '(anonymous)'} ${file(data.url)}:${data.lineNumber ?? ''}`;
    case 'EventDispatch':
      return `event ${data.type}`;
    case 'TimerFire':
      return 'timer';
    case 'FireAnimationFrame':
      return 'animation frame';
    case 'FireIdleCallback':
      return 'idle callback';
    case 'ParseHTML':
      return 'parse HTML';
    case 'RunMicrotasks':
      return 'microtasks';
    default:
      return event.name;
  }
}

/** The main thread's tasks (RunTask) of the renderer that loaded `pageUrl`, with the events inside each, in ms after `origin`. */
export function mainThreadTimeline(trace, origin) {
  const events = trace.traceEvents;
  const samplesOf = (pid) => (samplesOf.cached ??= cpuSamples(events, pid));
  // The bench page's renderer: the main thread that runs the probe (bench/probe.js) most.
  const probeCalls = new Map();
  for (const thread of events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain'))
    probeCalls.set(thread, events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && String(event.args?.data?.url).includes('/bench/probe.js')).length);
  const threadName = [...probeCalls].sort((left, right) => right[1] - left[1])[0]?.[0];
  const main = events.filter((event) => event.pid === threadName?.pid && event.tid === threadName?.tid && event.ph === 'X');
  const tasks = main.filter((event) => event.name === 'RunTask' || event.name === 'ThreadControllerImpl::RunTask');
  const inside = main.filter((event) => !/RunTask/.test(event.name));
  const lines = [];
  for (const task of tasks.sort((left, right) => left.ts - right.ts)) {
    const ms = task.dur / 1000;
    if (ms < SHOWN_TASK_MS) continue;
    const start = (task.ts - origin) / 1000;
    if (start < 0) continue;
    const parts = new Map();
    for (const event of inside) {
      if (event.ts < task.ts || event.ts + (event.dur ?? 0) > task.ts + task.dur || (event.dur ?? 0) < 300) continue;
      const what = describe(event);
      if (['RunTask', 'V8.Execute', 'v8.run', 'ProfileCall'].includes(what)) continue;
      parts.set(what, (parts.get(what) ?? 0) + event.dur / 1000);
    }
    const detail = [...parts].sort((left, right) => right[1] - left[1]).slice(0, 6).map(([what, spent]) => `${what} ${spent.toFixed(1)}`);
    lines.push(`${start.toFixed(0).padStart(5)} ms  ${ms.toFixed(1).padStart(6)} ms  ${detail.join(' | ')}`);
    // Where the JS time of a longer task went: self time by function (the innermost frame of each sample).
    if (ms < 10) continue;
    const inTask = samplesOf(task.pid).filter((sample) => sample.ts >= task.ts && sample.ts <= task.ts + task.dur);
    const self = new Map();
    inTask.forEach((sample, index) => {
      const next = inTask[index + 1]?.ts ?? sample.ts;
      const frame = sample.frames.find((frame) => !/^\((program|idle|root)\)/.test(frame)) ?? sample.frames[0];
      if (frame) self.set(frame, (self.get(frame) ?? 0) + Math.min(1000, next - sample.ts) / 1000);
    });
    const top = [...self].sort((left, right) => right[1] - left[1]).slice(0, 8);
    if (top.length) lines.push(`                        js: ${top.map(([frame, spent]) => `${frame} ${spent.toFixed(1)}`).join(' | ')}`);
  }
  return lines;
}
