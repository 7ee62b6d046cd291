// Runs first in the bench's host page (with and without Parley): records long tasks, the `load` event and,
// when Parley is on the page, when its launcher is visible and when it is connected; and gives bench/run.mjs
// helpers that look into the widget's shadow root by ACCESSIBLE NAMES and roles (the UI contract), never by
// CSS classes: the launcher button "Open chat", the textbox "Message", the role "log".
(() => {
  const LAUNCHER_NAME = 'Open chat';
  const COMPOSER_NAME = 'Message';
  /** Every wait in the page gives up after this (the bench reports a timeout as an error). */
  const WAIT_LIMIT_MS = 120_000;

  const bench = (window.__bench = {
    longTasks: [],
    /** Scripts of long animation frames: { start, duration, source (the script's URL), invoker }. */
    longScripts: [],
    loadAt: 0,
    firstFrameAfterLoadAt: 0,
    launcherAt: 0,
    readyAt: 0,
    /** Texts of the incoming messages, in the order the `message` events came. */
    incoming: [],
    animationFrames: 0,
    watchedAt: 0,
    /** The widget's latest connection state (its `status` event). */
    status: '',
  });

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames name the scripts that ran in them (each entry point: a script's evaluation, a callback,
  // an event listener, a promise's handlers, with the microtasks it queued) and the file each came from, so a long
  // task can be put down to whose code ran in it. Chromium lists the scripts of 5 ms or more of frames over 50 ms.
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries())
        for (const script of frame.scripts) bench.longScripts.push({ start: script.startTime, duration: script.duration, source: script.sourceURL, invoker: script.invoker });
    }).observe({ type: 'long-animation-frame', buffered: true });
  addEventListener('load', () => {
    bench.loadAt = performance.getEntriesByType('navigation')[0]?.loadEventStart || performance.now();
    console.debug(`parley-bench: load ${bench.loadAt}`);
    // The host page's first frame after \`load\` (Chromium lays the page out again as \`load\` fires, in that task).
    requestAnimationFrame(() => {
      bench.firstFrameAfterLoadAt = performance.now();
      console.debug(`parley-bench: frame-after-load ${bench.firstFrameAfterLoadAt}`);
    });
  });

  const root = () => document.querySelector('parley-chat')?.shadowRoot ?? null;
  const named = (selector, name) => [...(root()?.querySelectorAll(selector) ?? [])].find((element) => element.getAttribute('aria-label') === name || element.textContent.trim() === name);
  const launcher = () => named('button', LAUNCHER_NAME);
  const composer = () => named('textarea, input, [contenteditable="true"], [role="textbox"]', COMPOSER_NAME);
  const messageLog = () => root()?.querySelector('[role="log"]') ?? null;
  const visible = (element) => {
    if (!element?.isConnected || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };

  /** The element holding `text` in the message log, searched from the end (the newest rows are last). */
  function findText(text) {
    const log = messageLog();
    if (!log) return null;
    const walker = document.createTreeWalker(log, NodeFilter.SHOW_TEXT);
    let node = walker.lastChild();
    while (node && !node.data.includes(text)) node = walker.previousNode();
    return node?.parentElement ?? null;
  }

  /**
   * Resolves with the time (performance.now(), in the animation frame that paints it) when `find()` gives a
   * visible element; searches again only after the shadow root changed. Null after WAIT_LIMIT_MS.
   * Two watchers, the first to see it wins: a ResizeObserver on the element once it is in the DOM, whose
   * callback runs in the rendering of the very frame that lays it out (and paints it), after every animation
   * frame callback (the widget renders in one of those: a check at the start of that frame would see it a
   * frame late); and a check at the start of each frame, for a change that resizes nothing (opacity).
   */
  function whenVisible(find) {
    return new Promise((resolve) => {
      let changed = true;
      let found = null;
      let watched = null;
      let done = false;
      const finish = (at) => {
        if (done) return;
        done = true;
        observer.disconnect();
        sizes.disconnect();
        resolve(at);
      };
      // Laid out (or resized) in this frame: painted in it, when visible.
      const sizes = new ResizeObserver(() => found && visible(found) && finish(performance.now()));
      let sized = null;
      const look = () => {
        if (changed || !found?.isConnected) {
          changed = false;
          found = find();
        }
        if (found && found !== sized) sizes.observe((sized = found));
      };
      const observer = new MutationObserver(() => {
        changed = true;
        look();
      });
      const started = performance.now();
      // performance.now() inside the callback, not the frame's start time it is given (which may precede a click).
      const frame = () => {
        if (done) return;
        const now = performance.now();
        const shadow = root();
        if (shadow && watched !== shadow) {
          observer.observe(shadow, { subtree: true, childList: true, characterData: true, attributes: true });
          watched = shadow;
          changed = true;
        }
        look();
        if (found && visible(found)) return finish(now);
        if (now - started > WAIT_LIMIT_MS) return finish(null);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  }

  /**
   * Says on the console that `name` happened (`parley-bench: launcher 123.4`): the bench waits for these
   * (bench/browser.mjs `probeSignal`) instead of polling the page, whose helpers (Playwright's injected script,
   * tens of ms to compile at ×1) would otherwise run on the main thread in the middle of what is measured.
   */
  const signal = (name, at) => console.debug(`parley-bench: ${name} ${at}`);
  const withWidget = document.currentScript?.dataset.widget === 'parley';
  if (withWidget)
    whenVisible(launcher).then((at) => {
      bench.launcherAt = at ?? 0;
      signal('launcher', bench.launcherAt);
    });
  // `?watch=text`: when `text` is first painted in the message log, ms after navigation start.
  const watched = new URLSearchParams(location.search).get('watch');
  if (withWidget && watched)
    whenVisible(() => findText(watched)).then((at) => {
      bench.watchedAt = at ?? -1;
      signal('watched', bench.watchedAt);
    });
  const countFrames = () => {
    bench.animationFrames++;
    requestAnimationFrame(countFrames);
  };
  requestAnimationFrame(countFrames);

  // `defer` scripts have run when DOMContentLoaded fires: the Parley API is there (on the page with Parley).
  document.addEventListener('DOMContentLoaded', () => {
    const api = window.Parley;
    if (!api?.on) return;
    api.on('ready', () => {
      if (bench.readyAt) return;
      bench.readyAt = performance.now();
      console.debug(`parley-bench: ready ${bench.readyAt}`);
    });
    api.on('message', (message) => bench.incoming.push(message.text));
    api.on('status', (status) => (bench.status = status));
    if (new URLSearchParams(location.search).has('open')) api.open();
  });

  Object.assign(bench, {
    /** Resolves with how long after the next click the window was usable (the composer visible and enabled). */
    clickToUsable: () => afterClick(() => whenVisible(() => (composer()?.disabled ? null : composer()))),
    /** Resolves with how long after the next click `text` was painted in the message log. */
    clickToText: (text) => afterClick(() => whenVisible(() => findText(text))),
    /** Resolves with the epoch time (ms) of the frame that painted `text` in the message log. */
    epochWhenShown: async (text) => {
      const at = await whenVisible(() => findText(text));
      return at === null ? null : performance.timeOrigin + at;
    },
    /** Resolves with performance.now() of the frame that painted `text`. */
    whenShown: (text) => whenVisible(() => findText(text)),
    /** Elements in the widget's shadow root. */
    shadowElementCount: () => root()?.querySelectorAll('*').length ?? 0,
    /** Every occurrence of `pattern` (a RegExp source with one group) in the message log, in document order. */
    logMatches: (pattern) => [...(messageLog()?.textContent ?? '').matchAll(new RegExp(pattern, 'g'))].map((match) => match[1]),
  });

  /** Arms a capture listener for the next click; resolves with (painted − click time) or null. */
  function afterClick(start) {
    return new Promise((resolve) => {
      addEventListener(
        'click',
        (event) => {
          const clickedAt = event.timeStamp;
          start().then((at) => resolve(at === null ? null : at - clickedAt));
        },
        { capture: true, once: true },
      );
    });
  }
})();
