// The operator side of the bench: the real local PocketPing server (in-process, 127.0.0.1, port 0), which counts
// the `POST /read` requests it receives; seeding a conversation through the server's API; and bursts of operator
// messages over the control API's socket (`/test/operator-stream`, servers/pocketping/control.js).
import { WebSocket } from 'ws';
import { startPocketPingServer } from '../servers/pocketping/index.js';
import { pause, WAIT_LIMIT_MS } from './browser.mjs';

/** Messages pushed between two checks that the widget received them (keeps seeding a steady stream). */
const SEED_BATCH = 250;

/** `label 0042`: fixed width, so texts read back from the page's log split unambiguously. */
export const messageText = (label, index) => `${label} ${String(index).padStart(4, '0')}`;

export async function startOperatorServer() {
  let readRequests = 0;
  const server = await startPocketPingServer({
    operatorOnline: true,
    // The server logs every request as (method, url): the bench counts the read receipts from it.
    log: (method, url) => {
      if (method === 'POST' && typeof url === 'string' && /\/read(\?|$)/.test(url)) readRequests++;
    },
  });
  /** When the server sent each operator message to the widget's socket (epoch ms), by text. */
  const sentAt = new Map();
  server.pp.monitors.add((_sessionId, frame) => {
    if (frame.type === 'message' && frame.data.sender === 'operator') sentAt.set(frame.data.content, Date.now());
  });
  return {
    server,
    sentAt: (text) => sentAt.get(text),
    readRequests: () => readRequests,
    /** The session of the newest visitor (each bench context is a new visitor). */
    newestSessionId: () => {
      const id = server.sessions().at(-1)?.id;
      if (!id) throw new Error('bench: the widget connected but the server has no session');
      return id;
    },
    /**
     * The texts of the session's operator messages starting with `label`, in the server's order, each once (the
     * server's `/read` appends read rows to the history again, quirk duplicateOnRead).
     */
    storedTexts: (sessionId, label) => {
      const byId = new Map();
      for (const message of server.messages(sessionId))
        if (message.sender === 'operator' && message.content.startsWith(`${label} `) && !byId.has(message.id)) byId.set(message.id, message.content);
      return [...byId.values()];
    },
  };
}

/**
 * Sends `count` operator messages to the session through the server's API, in batches, waiting after each for the
 * widget in `page` to have received them (its `message` events), so the widget caches the whole conversation.
 * @param {Awaited<ReturnType<typeof startOperatorServer>>} operator
 * @param {import('playwright-core').Page} page @param {string} sessionId @param {number} count @param {string} label
 */
export async function seedConversation(operator, page, sessionId, count, label) {
  const already = await page.evaluate(() => window.__bench.incoming.length);
  const deadline = Date.now() + 10 * WAIT_LIMIT_MS;
  for (let sent = 0; sent < count; ) {
    const batchEnd = Math.min(count, sent + SEED_BATCH);
    for (; sent < batchEnd; sent++) await operator.server.pp.sendOperatorMessage(sessionId, messageText(label, sent));
    const target = already + batchEnd;
    await page.waitForFunction((target) => window.__bench.incoming.length >= target, target, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => {
      throw new Error(`bench: seeding ${label}: the widget received fewer than ${batchEnd} of ${count} messages in time`);
    });
  }
  // The widget writes its cache behind: give it a moment before anyone reloads.
  await pause(1500);
}

/**
 * Sends `count` operator messages over the control API's operator socket, spread evenly over `spreadMs`
 * (0: back to back). Resolves with the epoch times of the first and the last send.
 * @param {Awaited<ReturnType<typeof startOperatorServer>>} operator
 * @param {string} sessionId @param {number} count @param {string} label @param {number} spreadMs
 */
export async function operatorBurst(operator, sessionId, count, label, spreadMs) {
  const socket = new WebSocket(`${operator.server.url.replace('http', 'ws')}/test/operator-stream`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    setTimeout(() => reject(new Error('bench: the operator stream did not open')), 10_000);
  });
  const ticks = spreadMs > 0 ? Math.min(count, Math.ceil(spreadMs / 20)) : 1;
  const perTick = Math.ceil(count / ticks);
  const firstAt = Date.now();
  let lastAt = firstAt;
  for (let tick = 0, index = 0; tick < ticks && index < count; tick++) {
    const due = firstAt + (tick * spreadMs) / ticks;
    if (due > Date.now()) await pause(due - Date.now());
    for (const end = Math.min(count, index + perTick); index < end; index++)
      socket.send(JSON.stringify({ type: 'say', sessionId, content: messageText(label, index) }));
    lastAt = Date.now();
  }
  // Every frame has left before the socket closes.
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.close(1000);
  await closed;
  return { firstAt, lastAt };
}
