// Busy conversations with the window open, each run on a fresh visitor:
//   - 200 incoming messages into a 2,000-message conversation: the last painted, ms after the server sent it;
//   - 500 incoming in 1 s over the operator socket, at ×4 and ×1: the longest task, and each shown once, in order;
//   - 300 incoming back to back: how many `POST /read` the server received.
import { armInPage, bootWidget, openBenchPage, pause, waitInPage } from '../browser.mjs';
import { messageText, operatorBurst, seedConversation } from '../operator.mjs';
import { longestTask } from '../stats.mjs';

/** After the last message is painted: late work (cache writes, receipts) still counts. */
const SETTLE_AFTER_LAST_MS = 1000;
/** A visible batch of read receipts may cover this long (the "~250 ms"). */
const READ_BATCH_MS = 250;

/**
 * A connected widget on a fresh visitor, the CPU at ×1 until the measure starts; `seed` messages received with the
 * window closed (quicker), then the window opened and the newest painted.
 */
async function openConversation({ browser, operator, pagesUrl }, seed = 0) {
  const tab = await openBenchPage(browser, 1);
  await bootWidget(tab.page, `${pagesUrl}/parley.html`);
  const sessionId = operator.newestSessionId();
  if (seed) await seedConversation(operator, tab.page, sessionId, seed, 'earlier');
  await tab.page.evaluate(() => window.Parley.open());
  const newest = seed ? messageText('earlier', seed - 1) : '';
  await waitInPage(tab.page, 'the open window', () => !!document.querySelector('parley-chat')?.shadowRoot?.querySelector('[role="log"]'));
  if (newest) await (await armInPage(tab.page, 'whenShown', newest))();
  return { tab, sessionId };
}

/** 200 into 2,000: ms from the server sending the last message to the frame that paints it. */
export async function measureIntoLong(bench) {
  const { operator, sizes, rate } = bench;
  const { tab, sessionId } = await openConversation(bench, sizes.conversation);
  try {
    await pause(SETTLE_AFTER_LAST_MS);
    await tab.throttle(rate);
    const last = messageText('incoming', sizes.incoming - 1);
    const shown = await armInPage(tab.page, 'epochWhenShown', last);
    await operatorBurst(operator, sessionId, sizes.incoming, 'incoming', 0);
    const shownAt = await shown();
    return { lastIncomingOnScreen: shownAt - (operator.sentAt(last) ?? shownAt) };
  } finally {
    await tab.close();
  }
}

/** Whether the widget showed each burst message once, in the server's order: a problem, or '' when none. */
async function orderProblem(page, expected) {
  const label = expected[0].split(' ')[0];
  const events = (await page.evaluate((label) => window.__bench.incoming.filter((text) => text.startsWith(`${label} `)), label)) ?? [];
  if (events.join('\n') !== expected.join('\n')) return `the \`message\` events differ from the server's order (${events.length} events for ${expected.length} messages)`;
  // On screen (a windowed list may hold only the newest): in order, no repeats, the last one there.
  const onScreen = (await page.evaluate((pattern) => window.__bench.logMatches(pattern), `${label} (\\d{4})`)).map((digits) => `${label} ${digits}`);
  const positions = onScreen.map((text) => expected.indexOf(text));
  if (positions.some((position, index) => position < 0 || (index > 0 && position <= positions[index - 1]))) return 'the log shows some messages twice or out of order';
  if (onScreen.at(-1) !== expected.at(-1)) return 'the log does not end with the last message';
  return '';
}

/**
 * 500 in 1 s at `rate`: the longest task from the first send until the last is painted (+ settle), and the order.
 * The window is open and idle first: its first layout (fonts, a one-off task of several hundred ms at ×4) belongs
 * to opening the window (the boot measures), not to the burst.
 */
export async function measureBurst(bench, rate) {
  const { operator, sizes } = bench;
  const { tab, sessionId } = await openConversation(bench);
  try {
    await pause(SETTLE_AFTER_LAST_MS);
    await tab.throttle(rate);
    const startedAt = await tab.page.evaluate(() => performance.now());
    const last = messageText('burst', sizes.burst - 1);
    const shown = await armInPage(tab.page, 'whenShown', last);
    await operatorBurst(operator, sessionId, sizes.burst, 'burst', 1000);
    const shownAt = await shown();
    await pause(SETTLE_AFTER_LAST_MS);
    const tasks = await tab.page.evaluate(({ from, to }) => window.__bench.longTasks.filter((task) => task.start >= from && task.start <= to), {
      from: startedAt,
      to: shownAt + SETTLE_AFTER_LAST_MS,
    });
    return { longestTask: longestTask(tasks), orderProblem: await orderProblem(tab.page, operator.storedTexts(sessionId, 'burst')) };
  } finally {
    await tab.close();
  }
}

/** 300 back to back with the window open: `POST /read` requests, and how many ~250 ms batches the burst spanned. */
export async function measureReadReceipts(bench) {
  const { operator, sizes, rate } = bench;
  const { tab, sessionId } = await openConversation(bench);
  try {
    await tab.throttle(rate);
    await pause(SETTLE_AFTER_LAST_MS);
    const readsBefore = operator.readRequests();
    const last = messageText('read', sizes.readBurst - 1);
    const shown = await armInPage(tab.page, 'epochWhenShown', last);
    const { firstAt } = await operatorBurst(operator, sessionId, sizes.readBurst, 'read', 0);
    const shownAt = await shown();
    await pause(SETTLE_AFTER_LAST_MS);
    const spanMs = Math.max(0, shownAt - firstAt);
    return { readRequests: operator.readRequests() - readsBefore, readBatchesAllowed: Math.ceil(spanMs / READ_BATCH_MS) + 1, readSpanMs: spanMs };
  } finally {
    await tab.close();
  }
}
